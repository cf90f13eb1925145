import { tokenStanding } from '../../domain/active-token.ts';
import { AppError, badRequest, notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { findTokenById } from '../../db/repositories/tokens.ts';
import type { TokenRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import { canManagePersonalAccessTokensOf } from '../../policies/token-policies.ts';
import { rotateToken, type RotationRequest } from './rotate-project-access-token.ts';

/**
 * POST /personal_access_tokens/:id/rotate: your own token, or anyone's as an admin (a project
 * token rotated this way keeps its bot, as on the project route). As GitLab answers: only an admin
 * learns that a token does not exist (404); anyone else is refused either way (401). A revoked,
 * rotated-away or expired token is not rotated (400): its successor would bring it back to life.
 */
export async function rotatePersonalAccessToken(
  deps: Deps,
  actor: Principal,
  input: RotationRequest & { tokenId: number; ip: string | null },
): Promise<{ token: TokenRow; plain: string }> {
  const principal = requireUser(actor);
  const token = Number.isSafeInteger(input.tokenId) ? await findTokenById(deps.db, input.tokenId) : undefined;
  if (!token || !canManagePersonalAccessTokensOf(principal.user, token.user_id)) {
    throw principal.user.isAdmin ? new AppError('not_found', 'Not Found') : notPermitted('rotate_personal_access_token');
  }
  const standing = tokenStanding(token, deps.clock.now());
  if (standing === 'expired') throw badRequest('Token already expired');
  return rotateToken(deps, principal.user, token, { expiresAt: input.expiresAt, graceMinutes: input.graceMinutes }, input.ip);
}
