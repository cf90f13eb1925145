import { notPermitted, rejected } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { findProjectById, listProjectIdsOfNamespace, type ProjectWithNamespace } from '../../db/repositories/projects.ts';
import type { Deps } from '../../deps.ts';
import { hasBranch } from '../../git/repository-state.ts';
import { repositoryPath } from '../../git/repository-path.ts';
import { sendWebhookNow } from './deliver-webhook.ts';
import { findHookOf, hookHolder, type HookHolder, type HookScope } from './hook-context.ts';
import { buildSampleEvent, type TestableTrigger } from './hook-samples.ts';

/**
 * Sends a sample event for `trigger` to one hook now, whether or not it subscribes to it and
 * whatever its auto-disabling state (GitLab's "Test" button and POST .../hooks/:hook_id/test/:trigger).
 * A group's hook is tested with the group's first project that has commits, as GitLab's
 * TestHooks::GroupService. Logged like any delivery; a receiver that does not answer 2xx is
 * GitLab's 422 with its answer (the response body, or why no response came).
 */
export async function testHook(deps: Deps, actor: Principal, input: HookScope & { hookId: number; trigger: TestableTrigger }): Promise<void> {
  const holder = await hookHolder(deps, actor, input);
  if (actor.kind !== 'user') throw notPermitted(holder.kind === 'project' ? 'manage_hooks' : 'manage_group_hooks');
  const hook = await findHookOf(deps, holder.owner, input.hookId);
  const found = await sampleProject(deps, holder);
  const payload = await buildSampleEvent({ deps, actor: actor.user, found }, input.trigger);
  const result = await sendWebhookNow(deps, hook, payload);
  if (!result.ok) throw rejected(result.error ?? (result.responseBody || `HTTP ${result.status}`), 422);
}

/** The project the sample comes from: the hook's own, or the group's first project with a branch. */
async function sampleProject(deps: Deps, holder: HookHolder): Promise<ProjectWithNamespace> {
  if (holder.kind === 'project') return holder.context;
  for (const id of await listProjectIdsOfNamespace(deps.db, holder.owner.id)) {
    if (await hasBranch(repositoryPath(deps.config.dataDir, id))) {
      const found = await findProjectById(deps.db, id);
      if (found) return found;
    }
  }
  throw rejected('Ensure the group has a project with commits.', 422);
}
