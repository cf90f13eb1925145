import { notPermitted, rejected } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { findProjectHook } from '../../db/repositories/webhooks.ts';
import type { WebhookRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { canManageHooks } from '../../policies/webhook-policies.ts';
import { findVisibleProject, type ProjectContext, type ProjectRef } from '../projects/project-context.ts';

/** The project whose hooks are managed: visible (else 404), and the caller Maintainer+ (else refused). */
export async function projectForHooks(deps: Deps, actor: Principal, project: ProjectRef): Promise<ProjectContext> {
  const context = await findVisibleProject(deps, actor, project);
  if (!canManageHooks(context.facts)) throw notPermitted('manage_hooks');
  return context;
}

/** One hook of the project; another project's or a missing one is GitLab's bare `404 Not found`. */
export async function findHookOf(deps: Deps, projectId: number, hookId: number): Promise<WebhookRow> {
  const hook = await findProjectHook(deps.db, projectId, hookId);
  if (!hook) throw hookNotFound();
  return hook;
}

export const hookNotFound = () => rejected('404 Not found', 404);
