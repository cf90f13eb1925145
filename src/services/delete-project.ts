import { forbidden } from '../domain/errors.ts';
import type { Principal } from '../domain/principal.ts';
import type { Deps } from '../deps.ts';
import { canDeleteProject } from '../policies/project-policies.ts';
import { findVisibleProject, type ProjectRef } from './project-context.ts';
import { removeProjectRecords, removeProjectRepository } from './remove-project-records.ts';

/** Owner: the project, its bots, tokens, issues and repository go; authors elsewhere are untouched. */
export async function deleteProject(deps: Deps, actor: Principal, input: { project: ProjectRef }): Promise<void> {
  const context = await findVisibleProject(deps, actor, input.project);
  if (!canDeleteProject(context.facts)) throw forbidden();
  await deps.db.transaction().execute((trx) => removeProjectRecords(deps, trx, context.project.id));
  await removeProjectRepository(deps, context.project.id);
}
