import { randomUUID } from 'node:crypto';
import { notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { enqueueOutbox } from '../../db/repositories/outbox.ts';
import type { Deps } from '../../deps.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findHookOf, projectForHooks } from './hook-context.ts';
import { buildSampleEvent, type TestableTrigger } from './hook-samples.ts';

/**
 * Sends a sample event for `trigger` to one hook, whether or not it subscribes to it (GitLab's
 * "Test" button and POST .../hooks/:hook_id/test/:trigger). The sample is queued in the outbox,
 * which delivers it on its next round with the usual headers, retries and delivery log.
 */
export async function testHook(deps: Deps, actor: Principal, input: { project: ProjectRef; hookId: number; trigger: TestableTrigger }): Promise<void> {
  const context = await projectForHooks(deps, actor, input.project);
  if (actor.kind !== 'user') throw notPermitted('manage_hooks');
  const hook = await findHookOf(deps, context.project.id, input.hookId);
  const payload = await buildSampleEvent({ deps, actor: actor.user, found: context }, input.trigger);
  await enqueueOutbox(deps.db, [{ kind: 'webhook', hookId: hook.id, uuid: randomUUID(), payload }], deps.clock.now().toISOString());
}
