import { AppError, forbidden, notFound } from '../domain/errors.ts';
import { utcDate } from '../domain/clock.ts';
import type { Principal, UserPrincipal } from '../domain/principal.ts';
import type { Page, Paged } from '../db/pagination.ts';
import { findTokenById, listTokens, tokenRowKey, type TokenFilter, type TokenSort } from '../db/repositories/tokens.ts';
import type { TokenRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';

// GET /personal_access_tokens[/:id|/self].

export const personalTokenNotFound = (): AppError => notFound('Could not find personal access token');

export function requireUser(actor: Principal): UserPrincipal {
  if (actor.kind !== 'user') throw new AppError('unauthorized', 'Unauthorized');
  return actor;
}

/** Admins see everyone's (or one user's with user_id); others their own. */
export function listPersonalAccessTokens(
  deps: Deps,
  actor: Principal,
  input: { userId?: number; filter: Omit<TokenFilter, 'userId' | 'projectId' | 'today'>; sort?: TokenSort; page: Page },
): Promise<Paged<TokenRow>> {
  const user = requireUser(actor).user;
  if (input.userId !== undefined && input.userId !== user.id && !user.isAdmin) throw forbidden();
  const userId = user.isAdmin ? input.userId : user.id;
  return listTokens(deps.db, { ...input.filter, userId, today: utcDate(deps.clock.now()) }, input.sort, input.page);
}

export async function getPersonalAccessToken(deps: Deps, actor: Principal, input: { tokenId: number }): Promise<TokenRow> {
  const user = requireUser(actor).user;
  const token = Number.isSafeInteger(input.tokenId) ? await findTokenById(deps.db, input.tokenId) : undefined;
  if (!token || (token.user_id !== user.id && !user.isAdmin)) throw personalTokenNotFound();
  return token;
}

/** The token the request was made with. */
export async function getOwnToken(deps: Deps, actor: Principal): Promise<TokenRow> {
  const principal = requireUser(actor);
  if (principal.via !== 'token') throw personalTokenNotFound();
  // auth/ refreshed the read cache for this request and filed the token's row under this key.
  const token = await deps.readCache.read(tokenRowKey(principal.token.id), () => findTokenById(deps.db, principal.token.id), {
    keep: (row) => row !== undefined,
  });
  if (!token) throw personalTokenNotFound();
  return token;
}
