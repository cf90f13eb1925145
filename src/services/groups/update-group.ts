import { notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Visibility } from '../../domain/visibility.ts';
import { findGroupById, movePathsBelow, updateGroupRow } from '../../db/repositories/groups.ts';
import { namespacePathTaken } from '../../db/repositories/namespaces.ts';
import type { NamespaceRow } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import type { Deps } from '../../deps.ts';
import { canAdminGroup } from '../../policies/group-policies.ts';
import { findVisibleGroup, groupVisibility, type GroupRef } from './group-context.ts';
import { checkGroupFields, checkVisibilityOverChildren, checkVisibilityUnderParent, pathTaken } from './group-rules.ts';

export interface GroupChanges {
  name?: string;
  path?: string;
  description?: string | null;
  visibility?: Visibility;
}

/**
 * Owners change a group's name, path, description and visibility. A new path moves the full
 * path of every subgroup (and so of every project below) in the same transaction.
 */
export async function updateGroup(deps: Deps, actor: Principal, input: { group: GroupRef; changes: GroupChanges }): Promise<NamespaceRow> {
  const context = await findVisibleGroup(deps, actor, input.group);
  if (!canAdminGroup(context.facts)) throw notPermitted('update_group');
  const { group } = context;
  const { changes } = input;
  checkGroupFields(changes, group.parent_id === null);
  try {
    await deps.db.transaction().execute(async (trx) => {
      if (changes.visibility !== undefined && changes.visibility !== groupVisibility(group)) {
        const parent = group.parent_id === null ? undefined : await findGroupById(trx, group.parent_id);
        checkVisibilityUnderParent(changes.visibility, parent ? groupVisibility(parent) : null);
        await checkVisibilityOverChildren(trx, group.id, changes.visibility);
      }
      const fullPath = changes.path === undefined ? group.path : `${group.path.slice(0, group.path.length - group.path.split('/').at(-1)!.length)}${changes.path}`;
      if (fullPath.toLowerCase() !== group.path.toLowerCase() && (await namespacePathTaken(trx, fullPath))) throw pathTaken();
      await updateGroupRow(trx, group.id, {
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.description !== undefined && { description: changes.description }),
        ...(changes.visibility !== undefined && { visibility: changes.visibility }),
        ...(fullPath !== group.path && { path: fullPath }),
      });
      if (fullPath !== group.path) await movePathsBelow(trx, group.path, fullPath);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw pathTaken();
    throw error;
  }
  return (await findGroupById(deps.db, group.id))!;
}
