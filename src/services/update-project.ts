import { fieldErrors, forbidden } from '../domain/errors.ts';
import { nameError, pathError } from '../domain/names.ts';
import type { Principal } from '../domain/principal.ts';
import { findProjectById, projectPathTaken, updateProjectRow, type ProjectWithNamespace } from '../db/repositories/projects.ts';
import type { ProjectRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { canUpdateProject } from '../policies/project-policies.ts';
import { findVisibleProject, type ProjectRef } from './project-context.ts';

export interface UpdateProjectInput {
  name?: string;
  path?: string;
  description?: string | null;
  visibility?: ProjectRow['visibility'];
  defaultBranch?: string;
}

export async function updateProject(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; changes: UpdateProjectInput },
): Promise<ProjectWithNamespace> {
  const context = await findVisibleProject(deps, actor, input.project);
  if (!canUpdateProject(context.facts)) throw forbidden();
  const { changes } = input;
  const errors: Record<string, string[]> = {};
  if (changes.name !== undefined) {
    const problem = nameError(changes.name, 'Name');
    if (problem) errors.name = [problem];
  }
  if (changes.path !== undefined) {
    const problem = pathError(changes.path, 'Path');
    if (problem) errors.path = [problem];
  }
  if (changes.description && changes.description.length > 2000) errors.description = ['Description is too long (maximum is 2000 characters)'];
  if (changes.defaultBranch !== undefined && (!/^[A-Za-z0-9._/-]{1,200}$/.test(changes.defaultBranch) || changes.defaultBranch.includes('..'))) {
    errors.default_branch = ['Default branch is invalid'];
  }
  if (Object.keys(errors).length > 0) throw fieldErrors(errors);
  const id = context.project.id;
  await deps.db.transaction().execute(async (trx) => {
    if (changes.path !== undefined && (await projectPathTaken(trx, context.project.namespace_id, changes.path, id))) {
      throw fieldErrors({ path: ['has already been taken'] });
    }
    await updateProjectRow(trx, id, {
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.path !== undefined && { path: changes.path }),
      ...(changes.description !== undefined && { description: changes.description }),
      ...(changes.visibility !== undefined && { visibility: changes.visibility }),
      ...(changes.defaultBranch !== undefined && { default_branch: changes.defaultBranch }),
      last_activity_at: deps.clock.now().toISOString(),
    });
  });
  return (await findProjectById(deps.db, id))!;
}
