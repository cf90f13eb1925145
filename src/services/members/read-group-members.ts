import { notFound } from '../../domain/errors.ts';
import { lastExpiredDate } from '../../domain/membership.ts';
import type { Principal } from '../../domain/principal.ts';
import { pageOfList, type Page, type Paged } from '../../db/pagination.ts';
import { listGroupMemberRows, type GroupMemberWithUser } from '../../db/repositories/group-members.ts';
import { groupAndAncestors } from '../../db/repositories/groups.ts';
import { listMembers, type MemberWithUser } from '../../db/repositories/members.ts';
import type { Deps } from '../../deps.ts';
import { findVisibleGroup, type GroupRef } from '../groups/group-context.ts';
import { findVisibleProject, type ProjectRef } from '../projects/project-context.ts';

/** A membership of a project or a group, with its user. */
export type AnyMember = MemberWithUser | GroupMemberWithUser;

export interface MemberFilter {
  query?: string;
  userIds?: number[];
  page: Page;
}

function matches(filter: MemberFilter, { user }: AnyMember): boolean {
  if (filter.userIds !== undefined && filter.userIds.length > 0 && !filter.userIds.includes(user.id)) return false;
  if (filter.query === undefined) return true;
  const text = filter.query.toLowerCase();
  return user.username.toLowerCase().includes(text) || user.name.toLowerCase().includes(text);
}

/** Each user once, with their highest membership (the first of equals: the nearest source), in order of user id. */
function highestPerUser(members: readonly AnyMember[]): AnyMember[] {
  const best = new Map<number, AnyMember>();
  for (const member of members) {
    const held = best.get(member.user.id);
    if (!held || member.member.access_level > held.member.access_level) best.set(member.user.id, member);
  }
  return [...best.values()].sort((a, b) => a.user.id - b.user.id);
}

/** GET /groups/:id/members (direct) or /members/all (with the ancestors' members, each user once at their highest). */
export async function listGroupMembers(
  deps: Deps,
  actor: Principal,
  input: MemberFilter & { group: GroupRef; inherited: boolean },
): Promise<Paged<AnyMember>> {
  const { group } = await findVisibleGroup(deps, actor, input.group);
  const ids = input.inherited ? (await groupAndAncestors(deps.db, group.id)).map((row) => row.id) : [group.id];
  // Nearest first, so that of equal levels the nearest source is kept.
  const rows = await listGroupMemberRows(deps.db, ids, lastExpiredDate(deps.clock.now()));
  rows.sort((a, b) => ids.indexOf(a.member.group_id) - ids.indexOf(b.member.group_id));
  return pageOfList(highestPerUser(rows).filter((member) => matches(input, member)), input.page);
}

/** GET /groups/:id/members/:user_id and /members/all/:user_id. */
export async function getGroupMember(deps: Deps, actor: Principal, input: { group: GroupRef; userId: number; inherited: boolean }): Promise<AnyMember> {
  const page = await listGroupMembers(deps, actor, { ...input, userIds: [input.userId], page: { page: 1, perPage: 1 } });
  const member = page.items[0];
  if (!member) throw notFound('Member');
  return member;
}

/** GET /projects/:id/members/all: the project's members and those of its group and every ancestor, each user once at their highest. */
export async function listAllProjectMembers(deps: Deps, actor: Principal, input: MemberFilter & { project: ProjectRef }): Promise<Paged<AnyMember>> {
  const context = await findVisibleProject(deps, actor, input.project);
  const lastExpired = lastExpiredDate(deps.clock.now());
  const direct = await listMembers(deps.db, context.project.id, { lastExpired }, { page: 1, perPage: 100_000 });
  const ids = context.namespace.kind === 'group' ? (await groupAndAncestors(deps.db, context.namespace.id)).map((row) => row.id) : [];
  const rows = await listGroupMemberRows(deps.db, ids, lastExpired);
  rows.sort((a, b) => ids.indexOf(a.member.group_id) - ids.indexOf(b.member.group_id));
  return pageOfList(highestPerUser([...direct.items, ...rows]).filter((member) => matches(input, member)), input.page);
}

/** GET /projects/:id/members/all/:user_id. */
export async function getProjectMemberOfAll(deps: Deps, actor: Principal, input: { project: ProjectRef; userId: number }): Promise<AnyMember> {
  const page = await listAllProjectMembers(deps, actor, { ...input, userIds: [input.userId], page: { page: 1, perPage: 1 } });
  const member = page.items[0];
  if (!member) throw notFound('Member');
  return member;
}
