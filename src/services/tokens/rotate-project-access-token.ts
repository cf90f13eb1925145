import { badRequest, notPermitted } from '../../domain/errors.ts';
import type { Actor, Principal } from '../../domain/principal.ts';
import { updateMemberRow } from '../../db/repositories/members.ts';
import { insertToken, revokeTokenRow } from '../../db/repositories/tokens.ts';
import type { TokenRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import { canManageProjectAccessTokens, holdsLevel } from '../../policies/token-policies.ts';
import { recordProjectAudit } from '../projects/audit.ts';
import { findVisibleProject, type ProjectRef } from '../projects/project-context.ts';
import { findProjectToken } from './project-token-context.ts';
import { mintToken, resolveRotationExpiry } from './token-rules.ts';

/**
 * A Maintainer+ human rotates one of the project's tokens (never one above their own level).
 * A caller who may not manage the project's tokens is refused before the token id is looked at.
 */
export async function rotateProjectAccessToken(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; tokenId: number; expiresAt: string | null; ip: string | null },
): Promise<{ token: TokenRow; plain: string }> {
  const context = await findVisibleProject(deps, actor, input.project);
  const principal = requireUser(actor);
  if (!canManageProjectAccessTokens(context.facts)) throw notPermitted('rotate_project_access_token');
  const token = await findProjectToken(deps, context.project.id, input.tokenId);
  if (token.revoked) throw badRequest('Token already revoked');
  if (!holdsLevel(context.facts, token.access_level ?? 0)) {
    throw notPermitted('exceed_own_access_level', 'Not eligible to rotate tokens with permissions not held by the user');
  }
  return rotateToken(deps, principal.user, token, input.expiresAt, input.ip);
}

/**
 * Revokes `token` and issues its successor for the same bot, in one transaction. The conditional
 * revoke makes concurrent rotations of one token race safely: exactly one wins, the others are
 * told the token is already revoked and leave nothing behind.
 */
export async function rotateToken(
  deps: Deps,
  author: Actor,
  token: TokenRow,
  requestedExpiry: string | null,
  ip: string | null,
): Promise<{ token: TokenRow; plain: string }> {
  if (token.revoked) throw badRequest('Token already revoked');
  const expiresAt = resolveRotationExpiry(deps, requestedExpiry);
  const { plain, digest } = mintToken(deps);
  const now = deps.clock.now().toISOString();
  const successor = await deps.db.transaction().execute(async (trx) => {
    if (!(await revokeTokenRow(trx, token.id))) throw badRequest('Token already revoked');
    const row = await insertToken(trx, {
      user_id: token.user_id,
      project_id: token.project_id,
      name: token.name,
      description: token.description,
      digest,
      scopes: token.scopes,
      access_level: token.access_level,
      expires_at: expiresAt,
      created_at: now,
      previous_personal_access_token_id: token.id,
      // The successor keeps the token's limits.
      allowed_ips: token.allowed_ips,
      allowed_refs: token.allowed_refs,
    });
    if (token.project_id !== null) {
      // The bot's membership lives exactly as long as its token.
      await updateMemberRow(trx, token.project_id, token.user_id, { expires_at: expiresAt });
      await recordProjectAudit(trx, {
        author,
        projectId: token.project_id,
        eventName: 'project_access_token_rotated',
        message: `Rotated project access token with token_id: ${token.id}; the new token has token_id: ${row.id}`,
        target: { id: token.user_id, type: 'User', details: token.name },
        ip,
        at: now,
      });
    }
    return row;
  });
  return { token: successor, plain };
}
