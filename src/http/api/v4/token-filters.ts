import { TOKEN_SORTS } from '../../../db/repositories/tokens.ts';
import type { Params } from '../../params.ts';

/** The list filters shared by personal and project access token routes. */
export function tokenListFilters(params: Params) {
  return {
    filter: {
      state: params.oneOf('state', ['active', 'inactive'] as const),
      revoked: params.boolean('revoked'),
      search: params.string('search', { max: 255 }),
      createdBefore: params.datetime('created_before'),
      createdAfter: params.datetime('created_after'),
      lastUsedBefore: params.datetime('last_used_before'),
      lastUsedAfter: params.datetime('last_used_after'),
      expiresBefore: params.date('expires_before') ?? undefined,
      expiresAfter: params.date('expires_after') ?? undefined,
    },
    sort: params.oneOf('sort', TOKEN_SORTS),
  };
}
