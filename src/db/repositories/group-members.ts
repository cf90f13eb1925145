import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../database.ts';
import type { GroupMemberRow, UserRow } from '../schema.ts';

/** The effective-membership rule of domain/membership.ts as SQL, for group member rows (see activeAfter in members.ts). */
export function groupMemberActiveAfter(lastExpired: string): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref('group_members.expires_at')} is null or ${sql.ref('group_members.expires_at')} > ${lastExpired})`;
}

/**
 * The ids of every namespace a user reaches through a group membership that still counts after
 * `lastExpired`: the groups they are a member of and all their subgroups, at any depth. A
 * subquery, for `namespace_id in (...)` filters. With `minLevel`, only memberships at that level
 * or above count (GitLab's `min_access_level`: an inherited role counts as a direct one).
 */
export function namespacesReachedBy(userId: number, lastExpired: string, minLevel = 0): RawBuilder<number> {
  return sql<number>`with recursive reached(id) as (
    select group_id from group_members
      where user_id = ${userId} and access_level >= ${minLevel} and (expires_at is null or expires_at > ${lastExpired})
    union
    select n.id from namespaces n join reached r on n.parent_id = r.id
  ) select id from reached`;
}

/** The group and its ancestors, nearest first: a recursive walk up parent_id. */
function chainFrom(start: RawBuilder<unknown>) {
  return sql`with recursive chain(id, parent_id, depth) as (
    select id, parent_id, 0 from namespaces where id = (${start})
    union all
    select n.id, n.parent_id, c.depth + 1 from namespaces n join chain c on n.id = c.parent_id
  )`;
}

/**
 * The ids of the users whose membership of the project's group or an ancestor group gives them at
 * least `level` and still counts after `lastExpired`: a subquery, for `id in (...)` filters.
 */
export function projectGroupMemberIds(projectId: number, level: number, lastExpired: string): RawBuilder<number> {
  return sql<number>`${chainFrom(sql`select namespace_id from projects where id = ${projectId}`)}
    select gm.user_id from group_members gm join chain c on c.id = gm.group_id
    where gm.access_level >= ${level} and (gm.expires_at is null or gm.expires_at > ${lastExpired})`;
}

/** The ids of the Owners of the group or an ancestor group whose membership still counts after `lastExpired`: a subquery. */
export function groupOwnerIds(groupId: number, lastExpired: string): RawBuilder<number> {
  return sql<number>`${chainFrom(sql`select id from namespaces where id = ${groupId}`)}
    select gm.user_id from group_members gm join chain c on c.id = gm.group_id
    where gm.access_level >= 50 and (gm.expires_at is null or gm.expires_at > ${lastExpired})`;
}

/** The user's rows in the project's group and every ancestor group, expired or not. */
export async function findGroupMembershipsOfProject(db: Db, projectId: number, userId: number): Promise<GroupMemberRow[]> {
  const { rows } = await sql<GroupMemberRow>`${chainFrom(sql`select namespace_id from projects where id = ${projectId}`)}
    select gm.* from group_members gm join chain c on c.id = gm.group_id where gm.user_id = ${userId}`.execute(db);
  return rows;
}

/** The user's rows in the group and every ancestor group, expired or not. */
export async function findGroupMembershipsOfGroup(db: Db, groupId: number, userId: number): Promise<GroupMemberRow[]> {
  const { rows } = await sql<GroupMemberRow>`${chainFrom(sql`select cast(${groupId} as integer)`)}
    select gm.* from group_members gm join chain c on c.id = gm.group_id where gm.user_id = ${userId}`.execute(db);
  return rows;
}

export interface GroupMemberWithUser {
  member: GroupMemberRow;
  user: UserRow;
}

/**
 * Every member row of the group and its ancestors (`ancestors`) that still counts after
 * `lastExpired`, with its user: the caller keeps each user's highest.
 */
export async function listGroupMemberRows(db: Db, groupIds: readonly number[], lastExpired: string): Promise<GroupMemberWithUser[]> {
  if (groupIds.length === 0) return [];
  const rows = await db
    .selectFrom('group_members')
    .innerJoin('users', 'users.id', 'group_members.user_id')
    .selectAll('users')
    .select([
      'group_members.id as m_id',
      'group_members.group_id as m_group_id',
      'group_members.access_level as m_access_level',
      'group_members.expires_at as m_expires_at',
      'group_members.created_by_id as m_created_by_id',
      'group_members.created_at as m_created_at',
    ])
    .where('group_members.group_id', 'in', groupIds)
    .where(groupMemberActiveAfter(lastExpired))
    .orderBy('group_members.id', 'asc')
    .execute();
  return rows.map(({ m_id, m_group_id, m_access_level, m_expires_at, m_created_by_id, m_created_at, ...user }) => ({
    user,
    member: {
      id: m_id,
      group_id: m_group_id,
      user_id: user.id,
      access_level: m_access_level,
      expires_at: m_expires_at,
      created_by_id: m_created_by_id,
      created_at: m_created_at,
    },
  }));
}

/** The row as stored, expired or not. */
export function findGroupMember(db: Db, groupId: number, userId: number): Promise<GroupMemberRow | undefined> {
  return db.selectFrom('group_members').selectAll().where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst();
}

export function insertGroupMember(
  db: Db,
  row: { group_id: number; user_id: number; access_level: number; expires_at: string | null; created_by_id: number | null; created_at: string },
): Promise<GroupMemberRow> {
  return db.insertInto('group_members').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateGroupMemberRow(db: Db, groupId: number, userId: number, changes: { access_level?: number; expires_at?: string | null }): Promise<void> {
  await db.updateTable('group_members').set(changes).where('group_id', '=', groupId).where('user_id', '=', userId).execute();
}

export async function deleteGroupMemberRow(db: Db, groupId: number, userId: number): Promise<void> {
  await db.deleteFrom('group_members').where('group_id', '=', groupId).where('user_id', '=', userId).execute();
}

/** Removes the row only if it ended on or before `lastExpired`: never a live membership. */
export async function deleteExpiredGroupMemberRow(db: Db, groupId: number, userId: number, lastExpired: string): Promise<void> {
  await db
    .deleteFrom('group_members')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .where(sql<boolean>`not ${groupMemberActiveAfter(lastExpired)}`)
    .execute();
}

export async function deleteGroupMembershipsOfUser(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('group_members').where('user_id', '=', userId).execute();
}

/** Holds the group's row until the transaction ends (the owner count below); SQLite serialises already. */
export async function lockGroupMembers(db: Db, dialect: 'sqlite' | 'postgres', groupId: number): Promise<void> {
  if (dialect === 'postgres') await db.selectFrom('namespaces').select('id').where('id', '=', groupId).forUpdate().execute();
}

/** Direct Owners of the group whose membership still counts after `lastExpired`. */
export async function countGroupOwners(db: Db, groupId: number, lastExpired: string): Promise<number> {
  const { n } = await db
    .selectFrom('group_members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('group_id', '=', groupId)
    .where('access_level', '=', 50)
    .where(groupMemberActiveAfter(lastExpired))
    .executeTakeFirstOrThrow();
  return Number(n);
}
