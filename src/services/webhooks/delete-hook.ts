import type { Principal } from '../../domain/principal.ts';
import { deleteHook as deleteHookRow } from '../../db/repositories/webhooks.ts';
import type { Deps } from '../../deps.ts';
import { findHookOf, hookHolder, type HookScope } from './hook-context.ts';

/** Removes a hook with its queued deliveries and its delivery log, in one transaction (a project's Maintainers, a group's Owners). */
export async function deleteHook(deps: Deps, actor: Principal, input: HookScope & { hookId: number }): Promise<void> {
  const { owner } = await hookHolder(deps, actor, input);
  const hook = await findHookOf(deps, owner, input.hookId);
  await deps.db.transaction().execute((trx) => deleteHookRow(trx, hook.id));
}
