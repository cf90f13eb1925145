import { AccessLevel } from '../../domain/access-levels.ts';
import { notFound, notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Visibility } from '../../domain/visibility.ts';
import { insertGroupMember } from '../../db/repositories/group-members.ts';
import { findGroupById, insertGroup } from '../../db/repositories/groups.ts';
import { namespacePathTaken } from '../../db/repositories/namespaces.ts';
import type { NamespaceRow } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import type { Deps } from '../../deps.ts';
import { canCreateSubgroup, canCreateTopLevelGroup } from '../../policies/group-policies.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import { findVisibleGroup, groupVisibility } from './group-context.ts';
import { checkGroupFields, checkVisibilityUnderParent, pathTaken } from './group-rules.ts';

export interface CreateGroupInput {
  name: string;
  path: string;
  parentId?: number;
  description?: string | null;
  visibility?: Visibility;
}

/** A group (a subgroup with `parentId`), its creator as its Owner, in one transaction. */
export async function createGroup(deps: Deps, actor: Principal, input: CreateGroupInput): Promise<NamespaceRow> {
  const principal = requireUser(actor);
  let parent: NamespaceRow | null = null;
  if (input.parentId === undefined) {
    if (!canCreateTopLevelGroup(principal.user)) throw notPermitted('create_group');
  } else {
    const context = await findVisibleGroup(deps, actor, input.parentId).catch(() => {
      throw notFound('Parent group');
    });
    if (!canCreateSubgroup(context.facts)) throw notPermitted('create_group');
    parent = context.group;
  }
  checkGroupFields({ name: input.name, path: input.path, description: input.description }, parent === null);
  const visibility = input.visibility ?? (parent ? groupVisibility(parent) : 'private');
  checkVisibilityUnderParent(visibility, parent && groupVisibility(parent));
  const now = deps.clock.now().toISOString();
  try {
    const created = await deps.db.transaction().execute(async (trx) => {
      const fullPath = parent ? `${parent.path}/${input.path}` : input.path;
      if (await namespacePathTaken(trx, fullPath)) throw pathTaken();
      const group = await insertGroup(trx, {
        path: fullPath,
        name: input.name,
        owner_id: principal.user.id,
        parent_id: parent?.id ?? null,
        description: input.description ?? null,
        visibility,
        created_at: now,
      });
      await insertGroupMember(trx, {
        group_id: group.id,
        user_id: principal.user.id,
        access_level: AccessLevel.Owner,
        expires_at: null,
        created_by_id: principal.user.id,
        created_at: now,
      });
      return group;
    });
    return (await findGroupById(deps.db, created.id))!;
  } catch (error) {
    // The full path is unique: a sibling group, or at the top level a user's namespace, holds it.
    if (isUniqueViolation(error)) throw pathTaken();
    throw error;
  }
}
