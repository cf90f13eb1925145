import { AppError, forbidden, notFound } from '../domain/errors.ts';
import { utcDate } from '../domain/clock.ts';
import type { Principal, UserPrincipal } from '../domain/principal.ts';
import type { Page, Paged } from '../db/pagination.ts';
import { findTokenById, listTokens, revokeTokenRow, type TokenFilter, type TokenSort } from '../db/repositories/tokens.ts';
import type { TokenRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { revokeAndRetireBot } from './revoke-project-access-token.ts';

// Reading and revoking personal access tokens (GET/DELETE /personal_access_tokens[/:id|/self]).

const tokenNotFound = (): AppError => notFound('Could not find personal access token');

function requireUser(actor: Principal): UserPrincipal {
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
  if (!token || (token.user_id !== user.id && !user.isAdmin)) throw tokenNotFound();
  return token;
}

/** The token the request was made with. */
export async function getOwnToken(deps: Deps, actor: Principal): Promise<TokenRow> {
  const principal = requireUser(actor);
  if (principal.via !== 'token') throw tokenNotFound();
  const token = await findTokenById(deps.db, principal.token.id);
  if (!token) throw tokenNotFound();
  return token;
}

/** Revoke by id (own token, or any as admin); a project token takes its bot with it. */
export async function revokePersonalAccessToken(
  deps: Deps,
  actor: Principal,
  input: { tokenId: number; ip: string | null },
): Promise<void> {
  const token = await getPersonalAccessToken(deps, actor, input);
  if (token.revoked) throw tokenNotFound();
  await revokeToken(deps, requireUser(actor), token, input.ip);
}

export async function revokeOwnToken(deps: Deps, actor: Principal, input: { ip: string | null }): Promise<void> {
  const token = await getOwnToken(deps, actor);
  await revokeToken(deps, requireUser(actor), token, input.ip);
}

async function revokeToken(deps: Deps, actor: UserPrincipal, token: TokenRow, ip: string | null): Promise<void> {
  if (token.project_id !== null) {
    await revokeAndRetireBot(deps, actor.user, token, ip);
    return;
  }
  if (!(await revokeTokenRow(deps.db, token.id))) throw tokenNotFound();
}
