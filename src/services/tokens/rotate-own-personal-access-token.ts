import { unauthorized } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { findTokenById } from '../../db/repositories/tokens.ts';
import type { TokenRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { rotateToken, type RotationRequest } from './rotate-project-access-token.ts';

/**
 * POST /personal_access_tokens/self/rotate: the token the request is made with replaces itself
 * (the route's scope gate lets `api` and `self_rotate` through). As in GitLab, where a project
 * access token is a personal access token of its bot, a project token may rotate itself here too.
 * A token inside the grace period of an earlier rotation was already replaced: refused (400).
 */
export async function rotateOwnPersonalAccessToken(
  deps: Deps,
  actor: Principal,
  input: RotationRequest & { ip: string | null },
): Promise<{ token: TokenRow; plain: string }> {
  if (actor.kind !== 'user' || actor.via !== 'token') throw unauthorized();
  // Read afresh, not from the read cache: a rotation must see the row as it is now.
  const token = await findTokenById(deps.db, actor.token.id);
  if (!token) throw unauthorized();
  return rotateToken(deps, actor.user, token, { expiresAt: input.expiresAt, graceMinutes: input.graceMinutes }, input.ip);
}
