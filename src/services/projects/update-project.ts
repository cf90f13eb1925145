import { badRequest, fieldErrors, notFound, notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { fullPathOf } from '../../domain/project-ref.ts';
import { projectHasContainerTags } from '../../db/repositories/container-registry.ts';
import { findProjectById, projectPathTaken, updateProjectRow, type ProjectWithNamespace } from '../../db/repositories/projects.ts';
import type { ProjectRow } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import type { Deps } from '../../deps.ts';
import { canUpdateProject } from '../../policies/project-policies.ts';
import { canChangeProjectPath, canChangeProjectVisibility } from '../../policies/project-settings-policies.ts';
import { findVisibleProject, PROJECT_NOT_FOUND, type ProjectRef } from './project-context.ts';
import { projectFieldErrors } from './project-rules.ts';
import { groupVisibility } from '../groups/group-context.ts';
import { checkProjectVisibilityInGroup } from '../groups/group-rules.ts';
import { purgeRetiredImages } from './remove-project-records.ts';
import { retireContainerRepositories } from '../registry/retire-container-repositories.ts';

/** GitLab's refusal: images are stored under the project's path, which a rename would orphan. */
const RENAME_WITH_TAGS = 'Cannot rename project because it contains container registry tags!';

export interface UpdateProjectInput {
  name?: string;
  path?: string;
  description?: string | null;
  visibility?: ProjectRow['visibility'];
  defaultBranch?: string;
  mergeMethod?: ProjectRow['merge_method'];
  squashOption?: ProjectRow['squash_option'];
}

export async function updateProject(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; changes: UpdateProjectInput },
): Promise<ProjectWithNamespace> {
  const context = await findVisibleProject(deps, actor, input.project);
  if (!canUpdateProject(context.facts)) throw notPermitted('update_project');
  const { changes } = input;
  const { project } = context;
  if (changes.visibility !== undefined && changes.visibility !== project.visibility && !canChangeProjectVisibility(context.facts)) throw notPermitted('change_project_visibility');
  if (changes.path !== undefined && changes.path !== project.path && !canChangeProjectPath(context.facts)) throw notPermitted('change_project_path');
  const errors = projectFieldErrors(changes);
  if (Object.keys(errors).length > 0) throw fieldErrors(errors);
  if (changes.visibility !== undefined && context.namespace.kind === 'group') checkProjectVisibilityInGroup(changes.visibility, groupVisibility(context.namespace));
  const id = context.project.id;
  const pathTaken = fieldErrors({ path: ['has already been taken'] });
  const renamed = changes.path !== undefined && changes.path !== project.path;
  const registryPaths = await deps.db.transaction().execute(async (trx) => {
    if (changes.path !== undefined && (await projectPathTaken(trx, context.project.namespace_id, changes.path, id))) throw pathTaken;
    if (renamed && (await projectHasContainerTags(trx, id))) throw badRequest(RENAME_WITH_TAGS);
    // Untagged leftovers under the old path go, so that path is clean for whoever takes it next.
    const retired = renamed ? await retireContainerRepositories(deps, trx, { id, fullPath: fullPathOf({ namespace: context.namespace, project }) }) : [];
    await updateProjectRow(trx, id, {
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.path !== undefined && { path: changes.path }),
      ...(changes.description !== undefined && { description: changes.description }),
      ...(changes.visibility !== undefined && { visibility: changes.visibility }),
      ...(changes.defaultBranch !== undefined && { default_branch: changes.defaultBranch }),
      ...(changes.mergeMethod !== undefined && { merge_method: changes.mergeMethod }),
      ...(changes.squashOption !== undefined && { squash_option: changes.squashOption }),
      last_activity_at: deps.clock.now().toISOString(),
    });
    return retired;
  }).catch((error: unknown) => {
    throw isUniqueViolation(error) ? pathTaken : error; // a concurrent request took the path
  });
  await purgeRetiredImages(deps, registryPaths);
  const updated = await findProjectById(deps.db, id);
  if (!updated) throw notFound(PROJECT_NOT_FOUND);
  return updated;
}
