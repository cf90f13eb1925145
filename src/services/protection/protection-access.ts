import { AppError, notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import { canManageProtectedRefs } from '../../policies/protection-policies.ts';
import { findVisibleProject, type ProjectContext, type ProjectRef } from '../projects/project-context.ts';

/** The project whose protected branches and tags the actor reads or changes: Maintainer+ only. */
export async function findProtectionManager(deps: Deps, actor: Principal, ref: ProjectRef): Promise<ProjectContext> {
  const context = await findVisibleProject(deps, actor, ref);
  if (!canManageProtectedRefs(context.facts)) throw notPermitted('manage_protected_refs');
  return context;
}

/** GitLab's answer for a rule that does not exist: `404 Not found`. */
export const protectionNotFound = (): AppError => new AppError('not_found', 'Not found');

/** A rule's name: a branch or tag name or a `*` pattern, checked as GitLab does (present, at most 255 characters). */
export function protectionName(name: string): string {
  if (name.trim() === '') throw new AppError('validation', 'name is missing');
  return name;
}
