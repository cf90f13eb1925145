import { AccessLevel } from '../../domain/access-levels.ts';
import { notFound } from '../../domain/errors.ts';
import { parseId } from '../../domain/ids.ts';
import { activeMembership, effectiveLevel } from '../../domain/membership.ts';
import type { Principal } from '../../domain/principal.ts';
import { parseGroupPath } from '../../domain/project-ref.ts';
import type { Visibility } from '../../domain/visibility.ts';
import type { Db } from '../../db/database.ts';
import { findGroupMembershipsOfGroup } from '../../db/repositories/group-members.ts';
import { findGroupByFullPath, findGroupById } from '../../db/repositories/groups.ts';
import type { GroupMemberRow, NamespaceRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { canReadGroup, type GroupFacts } from '../../policies/group-policies.ts';

export const GROUP_NOT_FOUND = 'Group';

/** How a caller names a group: `:id` as a number or the URL-encoded full path. */
export type GroupRef = string | number;

export interface GroupContext {
  group: NamespaceRow;
  facts: GroupFacts;
  /** The direct membership, when it counts now; `facts.level` counts the ancestors' too. */
  membership: GroupMemberRow | undefined;
}

export const groupVisibility = (group: NamespaceRow): Visibility => group.visibility ?? 'private';

async function findGroup(db: Db, ref: GroupRef): Promise<NamespaceRow | undefined> {
  if (typeof ref === 'number') return findGroupById(db, ref);
  if (/^\d+$/.test(ref)) {
    const id = parseId(ref);
    return id === null ? undefined : findGroupById(db, id);
  }
  const path = parseGroupPath(ref);
  return path === null ? undefined : findGroupByFullPath(db, path);
}

/** The principal's standing in a group: the highest of their memberships of it and its ancestors. */
export async function groupFacts(deps: Deps, db: Db, principal: Principal, group: NamespaceRow): Promise<Omit<GroupContext, 'group'>> {
  const visibility = groupVisibility(group);
  if (principal.kind === 'anonymous') return { facts: { actor: null, visibility, level: 0 }, membership: undefined };
  const now = deps.clock.now();
  const rows = await findGroupMembershipsOfGroup(db, group.id, principal.user.id);
  const level = principal.user.isAdmin ? AccessLevel.Owner : effectiveLevel(rows, now);
  const membership = activeMembership(
    rows.find((row) => row.group_id === group.id),
    now,
  );
  return { facts: { actor: principal.user, visibility, level }, membership };
}

/** The group as the principal sees it; 404 `Group Not Found` when it is missing or hidden from them. */
export async function findVisibleGroup(deps: Deps, principal: Principal, ref: GroupRef, db: Db = deps.db): Promise<GroupContext> {
  const group = await findGroup(db, ref);
  if (!group) throw notFound(GROUP_NOT_FOUND);
  const { facts, membership } = await groupFacts(deps, db, principal, group);
  if (!canReadGroup(facts)) throw notFound(GROUP_NOT_FOUND);
  return { group, facts, membership };
}

/** The last segment of a group's full path (GitLab's `path`). */
export const groupPathOf = (group: NamespaceRow): string => group.path.slice(group.path.lastIndexOf('/') + 1);
