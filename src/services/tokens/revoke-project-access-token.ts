import { notPermitted } from '../../domain/errors.ts';
import type { Actor, Principal } from '../../domain/principal.ts';
import { revokeTokenRow } from '../../db/repositories/tokens.ts';
import { findUserById } from '../../db/repositories/users.ts';
import type { TokenRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import type { ProjectFacts } from '../../policies/project-policies.ts';
import { canRevokeAccessTokenOf } from '../../policies/token-policies.ts';
import { findVisibleProject, type ProjectRef } from '../projects/project-context.ts';
import { findProjectToken, tokenNotFound } from './project-token-context.ts';
import { retireUser } from '../users/retire-user.ts';
import { recordHolderAudit, tokenHolder } from './token-holder.ts';

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
  const token = await findProjectToken(deps, context.project.id, input.tokenId);
  await revokeHeldToken(deps, actor, context.facts, token, input.ip);
}

/**
 * A project's or group's token revoked by someone with `facts` where it is held: a project's
 * Maintainer+, a group's Owner, never above their own level (the refusal is audited, as GitLab does).
 */
export async function revokeHeldToken(deps: Deps, actor: Principal, facts: ProjectFacts, token: TokenRow, ip: string | null): Promise<void> {
  const { user } = requireUser(actor);
  const holder = tokenHolder(token)!;
  if (token.revoked) throw tokenNotFound(token.id, holder.kind);
  const bot = await findUserById(deps.db, token.user_id);
  if (!canRevokeAccessTokenOf(holder.kind, facts, token.access_level ?? 0)) {
    const message = `${user.name} cannot delete ${bot?.name ?? token.name}`;
    await recordHolderAudit(deps.db, holder, 'access_token_deletion_failed', {
      author: user,
      message: `Attempted to revoke ${holder.kind} access token with token_id: ${token.id}, but failed with message: ${message}`,
      target: bot ? { id: bot.id, type: 'User', details: bot.name } : null,
      ip,
      at: deps.clock.now().toISOString(),
    });
    throw notPermitted(holder.kind === 'project' ? 'revoke_project_access_token' : 'revoke_group_access_token', message);
  }
  await revokeAndRetireBot(deps, user, token, ip);
}

/** Shared with self-revocation and group tokens: the transaction that ends a bot's token and the bot. */
export async function revokeAndRetireBot(deps: Deps, author: Actor, token: TokenRow, ip: string | null): Promise<void> {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    if (!(await revokeTokenRow(trx, token.id))) throw tokenNotFound(token.id, tokenHolder(token)?.kind);
    const bot = await findUserById(trx, token.user_id);
    const holder = tokenHolder(token)!;
    await recordHolderAudit(trx, holder, 'access_token_deleted', {
      author,
      message: `Revoked ${holder.kind} access token with token_id: ${token.id}`,
      target: bot ? { id: bot.id, type: 'User', details: bot.name } : null,
      ip,
      at: now,
    });
    if (bot?.user_type === 'project_bot') await retireUser(deps, trx, bot.id);
  });
}
