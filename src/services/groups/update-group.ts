import { fieldErrors, notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Visibility } from '../../domain/visibility.ts';
import { groupHasContainerTags } from '../../db/repositories/container-registry.ts';
import { findGroupById, groupAndDescendants, movePathsBelow, updateGroupRow } from '../../db/repositories/groups.ts';
import { listProjectPathsOfNamespace } from '../../db/repositories/projects.ts';
import type { Db } from '../../db/database.ts';
import { namespacePathTaken } from '../../db/repositories/namespaces.ts';
import type { NamespaceRow } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import type { Deps } from '../../deps.ts';
import { canAdminGroup } from '../../policies/group-policies.ts';
import { purgeRetiredImages } from '../projects/remove-project-records.ts';
import { retireContainerRepositories } from '../registry/retire-container-repositories.ts';
import { findVisibleGroup, groupVisibility, type GroupRef } from './group-context.ts';
import { checkGroupFields, checkVisibilityOverChildren, checkVisibilityUnderParent, pathTaken } from './group-rules.ts';

export interface GroupChanges {
  name?: string;
  path?: string;
  description?: string | null;
  visibility?: Visibility;
}

/** GitLab's refusal (Groups::UpdateService): images are stored under the projects' paths, which a new group path would orphan. */
const PATH_WITH_IMAGES =
  'Cannot update the path because there are projects under this group that contain Docker images in their Container Registry. Please remove the images from your projects first and try again.';

/**
 * Owners change a group's name, path, description and visibility. A new path moves the full
 * path of every subgroup (and so of every project below) in the same transaction; it is refused
 * while a project below has tags in the registry, and the untagged leftovers under the old paths
 * are retired as a renamed project's are.
 */
export async function updateGroup(deps: Deps, actor: Principal, input: { group: GroupRef; changes: GroupChanges }): Promise<NamespaceRow> {
  const context = await findVisibleGroup(deps, actor, input.group);
  if (!canAdminGroup(context.facts)) throw notPermitted('update_group');
  const { group } = context;
  const { changes } = input;
  checkGroupFields(changes, group.parent_id === null);
  let registryPaths: string[] = [];
  try {
    registryPaths = await deps.db.transaction().execute(async (trx) => {
      if (changes.visibility !== undefined && changes.visibility !== groupVisibility(group)) {
        const parent = group.parent_id === null ? undefined : await findGroupById(trx, group.parent_id);
        checkVisibilityUnderParent(changes.visibility, parent ? groupVisibility(parent) : null);
        await checkVisibilityOverChildren(trx, group.id, changes.visibility);
      }
      const fullPath = changes.path === undefined ? group.path : `${group.path.slice(0, group.path.length - group.path.split('/').at(-1)!.length)}${changes.path}`;
      if (fullPath.toLowerCase() !== group.path.toLowerCase() && (await namespacePathTaken(trx, fullPath))) throw pathTaken();
      const moved = fullPath !== group.path;
      // Registry names are lowercase: a change of case leaves every image path where it is.
      const imagesMove = fullPath.toLowerCase() !== group.path.toLowerCase();
      if (imagesMove && (await groupHasContainerTags(trx, group.id))) throw fieldErrors({ base: [PATH_WITH_IMAGES] });
      const retired = imagesMove ? await retireImagesBelow(deps, trx, group.id) : [];
      await updateGroupRow(trx, group.id, {
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.description !== undefined && { description: changes.description }),
        ...(changes.visibility !== undefined && { visibility: changes.visibility }),
        ...(moved && { path: fullPath }),
      });
      if (moved) await movePathsBelow(trx, group.path, fullPath);
      return retired;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw pathTaken();
    throw error;
  }
  await purgeRetiredImages(deps, registryPaths);
  return (await findGroupById(deps.db, group.id))!;
}

/** Inside the transaction, before the paths move: every project below gives up its registry paths. */
async function retireImagesBelow(deps: Deps, trx: Db, groupId: number): Promise<string[]> {
  const paths: string[] = [];
  for (const namespace of await groupAndDescendants(trx, groupId)) {
    for (const project of await listProjectPathsOfNamespace(trx, namespace.id)) {
      paths.push(...(await retireContainerRepositories(deps, trx, { id: project.id, fullPath: `${namespace.path}/${project.path}` })));
    }
  }
  return paths;
}
