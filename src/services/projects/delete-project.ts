import { notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import { canDeleteProject } from '../../policies/project-policies.ts';
import { findVisibleProject, type ProjectRef } from './project-context.ts';
import { purgeRetiredImages, removeProjectRecords, removeProjectRepository } from './remove-project-records.ts';

/**
 * Owner: the project, its bots, tokens, issues, repository and container images go; authors
 * elsewhere are untouched. Its image paths serve no one until the registry has emptied them.
 */
export async function deleteProject(deps: Deps, actor: Principal, input: { project: ProjectRef }): Promise<void> {
  const context = await findVisibleProject(deps, actor, input.project);
  if (!canDeleteProject(context.facts)) throw notPermitted('delete_project');
  const registryPaths = await deps.db.transaction().execute((trx) => removeProjectRecords(deps, trx, context.project.id));
  await removeProjectRepository(deps, context.project.id);
  await purgeRetiredImages(deps, registryPaths);
}
