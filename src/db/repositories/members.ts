import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../database.ts';
import { reusableQuery } from '../reusable-query.ts';
import { pageOf, type Page, type Paged } from '../pagination.ts';
import type { MemberRow, UserRow } from '../schema.ts';
import { containsText } from '../text-match.ts';

const memberOf = reusableQuery(
  (db: Db, projectId: number, userId: number) =>
    db.selectFrom('members').selectAll().where('project_id', '=', projectId).where('user_id', '=', userId),
  [-1, -2],
);

/**
 * The effective-membership rule of domain/membership.ts as SQL, for lists: the `members` row still
 * counts after `lastExpired` (`lastExpiredDate(now)`), i.e. it has no date or a later one.
 */
export function activeAfter(lastExpired: string): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref('members.expires_at')} is null or ${sql.ref('members.expires_at')} > ${lastExpired})`;
}

/** The row as stored, expired or not: callers decide with `activeMembership` (domain/membership.ts). */
export async function findMember(db: Db, projectId: number, userId: number): Promise<MemberRow | undefined> {
  return (await memberOf(db, projectId, userId))[0];
}

export interface MemberWithUser {
  member: MemberRow;
  user: UserRow;
}

/** The members that still count after `lastExpired` (expired ones are as good as removed). */
export async function listMembers(
  db: Db,
  projectId: number,
  filter: { query?: string; userIds?: number[]; lastExpired: string },
  page: Page,
): Promise<Paged<MemberWithUser>> {
  let query = db
    .selectFrom('members')
    .innerJoin('users', 'users.id', 'members.user_id')
    .where('members.project_id', '=', projectId)
    .where(activeAfter(filter.lastExpired));
  if (filter.query !== undefined) {
    const text = filter.query;
    query = query.where((eb) => eb.or([containsText('users.username', text), containsText('users.name', text)]));
  }
  if (filter.userIds !== undefined && filter.userIds.length > 0) {
    query = query.where('members.user_id', 'in', filter.userIds);
  }
  return pageOf(
    query,
    page,
    (q) =>
      q
        .selectAll('users')
        .select([
          'members.id as m_id',
          'members.access_level as m_access_level',
          'members.expires_at as m_expires_at',
          'members.created_by_id as m_created_by_id',
          'members.created_at as m_created_at',
        ])
        .orderBy('members.id', 'asc'),
    ({ m_id, m_access_level, m_expires_at, m_created_by_id, m_created_at, ...user }) => ({
      user,
      member: {
        id: m_id,
        project_id: projectId,
        user_id: user.id,
        access_level: m_access_level,
        expires_at: m_expires_at,
        created_by_id: m_created_by_id,
        created_at: m_created_at,
      },
    }),
  );
}

export function insertMember(
  db: Db,
  row: { project_id: number; user_id: number; access_level: number; expires_at: string | null; created_by_id: number | null; created_at: string },
): Promise<MemberRow> {
  return db.insertInto('members').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateMemberRow(
  db: Db,
  projectId: number,
  userId: number,
  changes: { access_level?: number; expires_at?: string | null },
): Promise<void> {
  await db.updateTable('members').set(changes).where('project_id', '=', projectId).where('user_id', '=', userId).execute();
}

export async function deleteMemberRow(db: Db, projectId: number, userId: number): Promise<void> {
  await db.deleteFrom('members').where('project_id', '=', projectId).where('user_id', '=', userId).execute();
}

/** Removes the member's row only if it ended on or before `lastExpired`: never a live membership. */
export async function deleteExpiredMemberRow(db: Db, projectId: number, userId: number, lastExpired: string): Promise<void> {
  await db
    .deleteFrom('members')
    .where('project_id', '=', projectId)
    .where('user_id', '=', userId)
    .where(sql<boolean>`not ${activeAfter(lastExpired)}`)
    .execute();
}

export async function deleteMembershipsOfUser(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('members').where('user_id', '=', userId).execute();
}

/**
 * Holds the project's row until the transaction ends, so two requests that each count the owners
 * and then demote one cannot both pass. SQLite transactions are serialised already.
 */
export async function lockProjectMembers(db: Db, dialect: 'sqlite' | 'postgres', projectId: number): Promise<void> {
  if (dialect === 'postgres') await db.selectFrom('projects').select('id').where('id', '=', projectId).forUpdate().execute();
}

/** Owners whose membership still counts after `lastExpired`. */
export async function countOwners(db: Db, projectId: number, lastExpired: string): Promise<number> {
  const { n } = await db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .where('access_level', '=', 50)
    .where(activeAfter(lastExpired))
    .executeTakeFirstOrThrow();
  return Number(n);
}
