import { lastExpiredDate } from '../../domain/membership.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Page, Paged } from '../../db/pagination.ts';
import { groupAndDescendants, listGroups, namespaceFullNames, type GroupListFilter } from '../../db/repositories/groups.ts';
import type { ProjectWithNamespace } from '../../db/repositories/projects.ts';
import type { NamespaceRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { listProjects, type ListProjectsInput } from '../projects/list-projects.ts';
import { findVisibleGroup, type GroupContext, type GroupRef } from './group-context.ts';

export interface GroupListInput {
  search?: string;
  owned?: boolean;
  topLevelOnly?: boolean;
  /** GET /groups: everything visible (true, GitLab's default for admins) or only the caller's groups. */
  allAvailable?: boolean;
  /** GitLab's `min_access_level`: only groups where the caller's role (direct or inherited) is at least this; for admins too. */
  minAccessLevel?: number;
  orderBy: 'name' | 'path' | 'id';
  sort: 'asc' | 'desc';
  page: Page;
}

function viewerOf(deps: Deps, actor: Principal, byMembership: boolean): GroupListFilter['viewer'] {
  const user = actor.kind === 'user' ? actor.user : null;
  if (user?.isAdmin && !byMembership) return null;
  return { userId: user?.id ?? null, seesInternal: user?.userType === 'human', lastExpired: lastExpiredDate(deps.clock.now()) };
}

function query(deps: Deps, actor: Principal, input: GroupListInput, scope: Pick<GroupListFilter, 'parentId' | 'descendantsOf'>) {
  const user = actor.kind === 'user' ? actor.user : null;
  const byLevel = input.minAccessLevel !== undefined;
  const viewer = viewerOf(deps, actor, byLevel);
  return listGroups(
    deps.db,
    {
      viewer,
      ...scope,
      // GitLab lists a signed-in non-admin's own groups unless all_available; anonymous callers see the public ones.
      membershipOnly:
        byLevel || (viewer !== null && viewer.userId !== null && scope.parentId === undefined && scope.descendantsOf === undefined && !input.allAvailable),
      minAccessLevel: input.minAccessLevel,
      topLevelOnly: input.topLevelOnly,
      search: input.search,
      ownedBy: input.owned ? (user?.id ?? -1) : undefined,
    },
    input.page,
    { by: input.orderBy, direction: input.sort },
  );
}

/** GET /groups: the groups the caller may see. */
export function listVisibleGroups(deps: Deps, actor: Principal, input: GroupListInput): Promise<Paged<NamespaceRow>> {
  return query(deps, actor, input, {});
}

/** GET /groups/:id/subgroups (direct children) and /descendant_groups (every depth), as the caller may see them. */
export async function listSubgroups(
  deps: Deps,
  actor: Principal,
  input: GroupListInput & { group: GroupRef; descendants: boolean },
): Promise<Paged<NamespaceRow>> {
  const { group } = await findVisibleGroup(deps, actor, input.group);
  return query(deps, actor, { ...input, allAvailable: true }, input.descendants ? { descendantsOf: group.id } : { parentId: group.id });
}

/** GET /groups/:id/projects: the group's projects the caller may see, with its subgroups' when asked. */
export async function listGroupProjects(
  deps: Deps,
  actor: Principal,
  input: Omit<ListProjectsInput, 'namespaceIds'> & { group: GroupRef; includeSubgroups: boolean },
): Promise<Paged<ProjectWithNamespace>> {
  const { group } = await findVisibleGroup(deps, actor, input.group);
  const namespaceIds = input.includeSubgroups ? (await groupAndDescendants(deps.db, group.id)).map((row) => row.id) : [group.id];
  return listProjects(deps, actor, { ...input, namespaceIds });
}

export async function showGroup(deps: Deps, actor: Principal, input: { group: GroupRef }): Promise<GroupContext> {
  return findVisibleGroup(deps, actor, input.group);
}

/** GitLab's `full_name` of each group: the names from the top-level group down, joined by ' / '. */
export function groupFullNames(deps: Deps, groups: readonly NamespaceRow[]): Promise<Map<number, string>> {
  return namespaceFullNames(deps.db, groups);
}
