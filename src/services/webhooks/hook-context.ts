import { notPermitted, rejected } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { findOwnedHook, type HookOwner } from '../../db/repositories/webhooks.ts';
import type { WebhookRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { canAdminGroup } from '../../policies/group-policies.ts';
import { canManageHooks } from '../../policies/webhook-policies.ts';
import { findVisibleGroup, type GroupContext, type GroupRef } from '../groups/group-context.ts';
import { findVisibleProject, type ProjectContext, type ProjectRef } from '../projects/project-context.ts';

/** How a caller names whose hooks they manage: a project (`/projects/:id/hooks`) or a group (`/groups/:id/hooks`). */
export type HookScope = { project: ProjectRef } | { group: GroupRef };

/** The project or group whose hooks are managed, found and permitted. */
export type HookHolder = { owner: HookOwner } & ({ kind: 'project'; context: ProjectContext } | { kind: 'group'; context: GroupContext });

/** The project whose hooks are managed: visible (else 404), and the caller Maintainer+ (else refused). */
export async function projectForHooks(deps: Deps, actor: Principal, project: ProjectRef): Promise<ProjectContext> {
  const context = await findVisibleProject(deps, actor, project);
  if (!canManageHooks(context.facts)) throw notPermitted('manage_hooks');
  return context;
}

/**
 * The project or group whose hooks are managed: a project's Maintainers, a group's Owners (direct
 * or inherited) and admins, as GitLab's admin_project and admin_group. Hidden is 404.
 */
export async function hookHolder(deps: Deps, actor: Principal, scope: HookScope): Promise<HookHolder> {
  if ('project' in scope) {
    const context = await projectForHooks(deps, actor, scope.project);
    return { kind: 'project', context, owner: { kind: 'project', id: context.project.id } };
  }
  const context = await findVisibleGroup(deps, actor, scope.group);
  if (!canAdminGroup(context.facts)) throw notPermitted('manage_group_hooks');
  return { kind: 'group', context, owner: { kind: 'group', id: context.group.id } };
}

/** One hook of the project or group; another's or a missing one is GitLab's bare `404 Not found`. */
export async function findHookOf(deps: Deps, owner: HookOwner, hookId: number): Promise<WebhookRow> {
  const hook = await findOwnedHook(deps.db, owner, hookId);
  if (!hook) throw hookNotFound();
  return hook;
}

export const hookNotFound = () => rejected('404 Not found', 404);
