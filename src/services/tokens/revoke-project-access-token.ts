import { notPermitted } from '../../domain/errors.ts';
import type { Actor, Principal } from '../../domain/principal.ts';
import { revokeTokenRow } from '../../db/repositories/tokens.ts';
import { findUserById } from '../../db/repositories/users.ts';
import type { TokenRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import { canRevokeProjectAccessToken } from '../../policies/token-policies.ts';
import { recordProjectAudit } from '../projects/audit.ts';
import { findVisibleProject, type ProjectRef } from '../projects/project-context.ts';
import { findProjectToken, tokenNotFound } from './project-token-context.ts';
import { retireUser } from '../users/retire-user.ts';

/**
 * Revoke a project access token: in one transaction the token is revoked, its bot loses its
 * membership and is deleted, and what the bot wrote moves to the ghost user.
 */
export async function revokeProjectAccessToken(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; tokenId: number; ip: string | null },
): Promise<void> {
  const context = await findVisibleProject(deps, actor, input.project);
  const { user } = requireUser(actor);
  const token = await findProjectToken(deps, context.project.id, input.tokenId);
  if (token.revoked) throw tokenNotFound(input.tokenId);
  const bot = await findUserById(deps.db, token.user_id);
  if (!canRevokeProjectAccessToken(context.facts, token.access_level ?? 0)) {
    const message = `${user.name} cannot delete ${bot?.name ?? token.name}`;
    await recordProjectAudit(deps.db, {
      author: user,
      projectId: context.project.id,
      eventName: 'project_access_token_deletion_failed',
      message: `Attempted to revoke project access token with token_id: ${token.id}, but failed with message: ${message}`,
      target: bot ? { id: bot.id, type: 'User', details: bot.name } : null,
      ip: input.ip,
      at: deps.clock.now().toISOString(),
    });
    throw notPermitted('revoke_project_access_token', message);
  }
  await revokeAndRetireBot(deps, user, token, input.ip);
}

/** Shared with self-revocation: the transaction that ends a project access token and its bot. */
export async function revokeAndRetireBot(deps: Deps, author: Actor, token: TokenRow, ip: string | null): Promise<void> {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    if (!(await revokeTokenRow(trx, token.id))) throw tokenNotFound(token.id);
    const bot = await findUserById(trx, token.user_id);
    await recordProjectAudit(trx, {
      author,
      projectId: token.project_id!,
      eventName: 'project_access_token_deleted',
      message: `Revoked project access token with token_id: ${token.id}`,
      target: bot ? { id: bot.id, type: 'User', details: bot.name } : null,
      ip,
      at: now,
    });
    if (bot?.user_type === 'project_bot') await retireUser(deps, trx, bot.id);
  });
}
