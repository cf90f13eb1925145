import { AppError, notPermitted } from '../../domain/errors.ts';
import { tokenHolder } from './token-holder.ts';
import type { Principal, UserPrincipal } from '../../domain/principal.ts';
import { findTokenById, revokeTokenRow } from '../../db/repositories/tokens.ts';
import type { TokenRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import { canManagePersonalAccessTokensOf } from '../../policies/token-policies.ts';
import { getOwnToken } from './read-personal-access-tokens.ts';
import { revokeAndRetireBot } from './revoke-project-access-token.ts';

// DELETE /personal_access_tokens/:id and /personal_access_tokens/self.

export const NOT_PERMITTED_TO_REVOKE = 'Not permitted to revoke';

/**
 * Revoke by id: your own token, or any as an admin; a project token takes its bot with it.
 * As GitLab answers: a missing token is 404 `Not found`, someone else's is refused, and
 * revoking a revoked token succeeds.
 */
export async function revokePersonalAccessToken(
  deps: Deps,
  actor: Principal,
  input: { tokenId: number; ip: string | null },
): Promise<void> {
  const principal = requireUser(actor);
  const token = Number.isSafeInteger(input.tokenId) ? await findTokenById(deps.db, input.tokenId) : undefined;
  if (!token) throw new AppError('not_found', 'Not found');
  if (!canManagePersonalAccessTokensOf(principal.user, token.user_id)) throw notPermitted('revoke_personal_access_token', NOT_PERMITTED_TO_REVOKE);
  if (token.revoked) return;
  await revokeToken(deps, principal, token, input.ip);
}

export async function revokeOwnToken(deps: Deps, actor: Principal, input: { ip: string | null }): Promise<void> {
  const token = await getOwnToken(deps, actor);
  await revokeToken(deps, requireUser(actor), token, input.ip);
}

async function revokeToken(deps: Deps, actor: UserPrincipal, token: TokenRow, ip: string | null): Promise<void> {
  if (tokenHolder(token) !== null) {
    await revokeAndRetireBot(deps, actor.user, token, ip);
    return;
  }
  // A concurrent revoke got there first: the token is revoked either way.
  await revokeTokenRow(deps.db, token.id);
}
