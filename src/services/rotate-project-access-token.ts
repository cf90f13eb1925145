import { AppError, badRequest, forbidden } from '../domain/errors.ts';
import { addDays, utcDate } from '../domain/clock.ts';
import type { Actor, Principal } from '../domain/principal.ts';
import { findRotationChain, insertToken, revokeTokenIds, revokeTokenRow } from '../db/repositories/tokens.ts';
import type { TokenRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { canManageProjectAccessTokens, holdsLevel } from '../policies/token-policies.ts';
import { recordProjectAudit } from './audit.ts';
import { findVisibleProject, type ProjectRef } from './project-context.ts';
import { findProjectToken } from './project-token-context.ts';
import { retireUser } from './retire-user.ts';
import { findUserById } from '../db/repositories/users.ts';
import { toActor } from '../auth/actor.ts';
import { mintToken, resolveExpiry } from './token-rules.ts';

const DEFAULT_ROTATION_DAYS = 7;

/** A Maintainer+ human rotates one of the project's tokens (never one above their own level). */
export async function rotateProjectAccessToken(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; tokenId: number; expiresAt: string | null; ip: string | null },
): Promise<{ token: TokenRow; plain: string }> {
  const context = await findVisibleProject(deps, actor, input.project);
  if (actor.kind !== 'user') throw new AppError('unauthorized', 'Unauthorized');
  if (!canManageProjectAccessTokens(context.facts)) throw forbidden();
  const token = await findProjectToken(deps, context.project.id, input.tokenId);
  if (!holdsLevel(context.facts, token.access_level ?? 0)) {
    throw badRequest('Not eligible to rotate token with permissions not held by the user');
  }
  return rotateToken(deps, actor.user, token, input.expiresAt, input.ip);
}

/**
 * Revokes `token` and issues its successor for the same bot, in one transaction. The conditional
 * revoke makes concurrent rotations of one token race safely: exactly one wins.
 */
export async function rotateToken(
  deps: Deps,
  author: Actor,
  token: TokenRow,
  requestedExpiry: string | null,
  ip: string | null,
): Promise<{ token: TokenRow; plain: string }> {
  if (token.revoked) throw badRequest('Token already revoked');
  const expiresAt = resolveExpiry(deps, requestedExpiry ?? addDays(utcDate(deps.clock.now()), DEFAULT_ROTATION_DAYS));
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
      revoked: 0,
      created_at: now,
      last_used_at: null,
      last_used_ips: '[]',
      last_used_ips_at: null,
      previous_personal_access_token_id: token.id,
    });
    if (token.project_id !== null) {
      await trx
        .updateTable('members')
        .set({ expires_at: expiresAt })
        .where('project_id', '=', token.project_id)
        .where('user_id', '=', token.user_id)
        .execute();
      await recordProjectAudit(trx, {
        author,
        projectId: token.project_id,
        eventName: 'project_access_token_rotated',
        message: `Rotated project access token with token_id: ${token.id}; the new token_id is ${row.id}`,
        target: { id: token.user_id, type: 'User', details: token.name },
        ip,
        at: now,
      });
    }
    return row;
  });
  return { token: successor, plain };
}

/**
 * Reuse detection: a rotated-away token presented again revokes its whole rotation chain, and a
 * project token's bot goes with it (a bot never outlives its last token).
 */
export async function revokeRotationChain(deps: Deps, token: TokenRow): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const chain = await findRotationChain(trx, token.id);
    await revokeTokenIds(trx, chain);
    const bot = await findUserById(trx, token.user_id);
    if (bot?.user_type === 'project_bot' && token.project_id !== null) {
      await recordProjectAudit(trx, {
        author: toActor(bot),
        projectId: token.project_id,
        eventName: 'project_access_token_deleted',
        message: `Revoked project access token with token_id: ${token.id} and its rotation chain: a rotated token was used again`,
        target: { id: bot.id, type: 'User', details: bot.name },
        ip: null,
        at: deps.clock.now().toISOString(),
      });
      await retireUser(deps, trx, bot.id);
    }
  });
  deps.log.warn({ tokenId: token.id }, 'a rotated token was presented again; its rotation chain is revoked');
}

