import type { Principal, UserPrincipal } from '../domain/principal.ts';
import { revokeTokenRow } from '../db/repositories/tokens.ts';
import type { TokenRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { getOwnToken, getPersonalAccessToken, personalTokenNotFound, requireUser } from './read-personal-access-tokens.ts';
import { revokeAndRetireBot } from './revoke-project-access-token.ts';

// DELETE /personal_access_tokens/:id and /personal_access_tokens/self.

/** Revoke by id (own token, or any as admin); a project token takes its bot with it. */
export async function revokePersonalAccessToken(
  deps: Deps,
  actor: Principal,
  input: { tokenId: number; ip: string | null },
): Promise<void> {
  const token = await getPersonalAccessToken(deps, actor, input);
  if (token.revoked) throw personalTokenNotFound();
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
  if (!(await revokeTokenRow(deps.db, token.id))) throw personalTokenNotFound();
}
