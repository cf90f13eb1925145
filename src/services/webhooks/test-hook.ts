import { notPermitted, rejected } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { sendWebhookNow } from './deliver-webhook.ts';
import { findHookOf, projectForHooks } from './hook-context.ts';
import { buildSampleEvent, type TestableTrigger } from './hook-samples.ts';

/**
 * Sends a sample event for `trigger` to one hook now, whether or not it subscribes to it and
 * whatever its auto-disabling state (GitLab's "Test" button and POST .../hooks/:hook_id/test/:trigger).
 * Logged like any delivery; a receiver that does not answer 2xx is GitLab's 422 with its answer
 * (the response body, or why no response came).
 */
export async function testHook(deps: Deps, actor: Principal, input: { project: ProjectRef; hookId: number; trigger: TestableTrigger }): Promise<void> {
  const context = await projectForHooks(deps, actor, input.project);
  if (actor.kind !== 'user') throw notPermitted('manage_hooks');
  const hook = await findHookOf(deps, context.project.id, input.hookId);
  const payload = await buildSampleEvent({ deps, actor: actor.user, found: context }, input.trigger);
  const result = await sendWebhookNow(deps, hook, payload);
  if (!result.ok) throw rejected(result.error ?? (result.responseBody || `HTTP ${result.status}`), 422);
}
