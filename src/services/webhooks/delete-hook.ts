import type { Principal } from '../../domain/principal.ts';
import { deleteHook as deleteHookRow } from '../../db/repositories/webhooks.ts';
import type { Deps } from '../../deps.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findHookOf, projectForHooks } from './hook-context.ts';

/** Removes a hook with its queued deliveries and its delivery log, in one transaction (Maintainer+). */
export async function deleteHook(deps: Deps, actor: Principal, input: { project: ProjectRef; hookId: number }): Promise<void> {
  const context = await projectForHooks(deps, actor, input.project);
  const hook = await findHookOf(deps, context.project.id, input.hookId);
  await deps.db.transaction().execute((trx) => deleteHookRow(trx, hook.id));
}
