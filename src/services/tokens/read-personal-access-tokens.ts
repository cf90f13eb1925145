import { AppError, notFound, notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Page, Paged } from '../../db/pagination.ts';
import { findTokenById, listTokens, type TokenFilter, type TokenSort } from '../../db/repositories/tokens.ts';
import { findUserById } from '../../db/repositories/users.ts';
import type { TokenRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import { canManagePersonalAccessTokensOf } from '../../policies/token-policies.ts';

// GET /personal_access_tokens[/:id|/self].

export const personalTokenNotFound = (): AppError => notFound('Could not find personal access token');

/** GitLab's bare `404 Not Found`, naming nothing. */
const plainNotFound = (): AppError => new AppError('not_found', 'Not Found');
const notYours = (): AppError => notPermitted('read_personal_access_tokens', "Not permitted to read another user's personal access tokens");

/**
 * Admins see everyone's tokens, or one user's with `user_id` (a missing or blank user_id: 404).
 * Others see their own; naming anyone else is refused (GitLab's 401).
 * `userId`: undefined when not given, null when given blank.
 */
export async function listPersonalAccessTokens(
  deps: Deps,
  actor: Principal,
  input: { userId?: number | null; filter: Omit<TokenFilter, 'userId' | 'projectId' | 'now'>; sort?: TokenSort; page: Page },
): Promise<Paged<TokenRow>> {
  const user = requireUser(actor).user;
  let userId: number | undefined = user.id;
  if (user.isAdmin) {
    if (input.userId === null) throw plainNotFound();
    if (input.userId !== undefined && !(await findUserById(deps.db, input.userId))) throw plainNotFound();
    userId = input.userId;
  } else if (input.userId !== undefined && input.userId !== null && !canManagePersonalAccessTokensOf(user, input.userId)) {
    throw notYours();
  }
  return listTokens(deps.db, { ...input.filter, userId, now: deps.clock.now() }, input.sort, input.page);
}

/** Your own token, or anyone's as an admin. Only admins learn that a token does not exist (404); others are refused either way. */
export async function getPersonalAccessToken(deps: Deps, actor: Principal, input: { tokenId: number }): Promise<TokenRow> {
  const user = requireUser(actor).user;
  const token = Number.isSafeInteger(input.tokenId) ? await findTokenById(deps.db, input.tokenId) : undefined;
  if (token && canManagePersonalAccessTokensOf(user, token.user_id)) return token;
  throw user.isAdmin ? plainNotFound() : notYours();
}

/** The token the request was made with. */
export async function getOwnToken(deps: Deps, actor: Principal): Promise<TokenRow> {
  const principal = requireUser(actor);
  if (principal.via !== 'token') throw personalTokenNotFound();
  // Usually still in memory: authenticating the request read it.
  const token = await deps.cachedReads.tokenRow(principal.token.id);
  if (!token) throw personalTokenNotFound();
  return token;
}
