import { sql, type ExpressionBuilder, type Insertable } from 'kysely';
import type { Actor } from '../../domain/principal.ts';
import type { Db } from '../database.ts';
import { pageOf, type Page, type Paged } from '../pagination.ts';
import type { Database, UserRow, UsersTable } from '../schema.ts';
import { containsText } from '../text-match.ts';
import { namespacesReachedBy } from './group-members.ts';
import { activeAfter } from './members.ts';

/** The domain's view of a user row: who acts, as principals and audit authors carry it. */
export function toActor(user: UserRow): Actor {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    userType: user.user_type,
    isAdmin: user.is_admin === 1,
  };
}

export function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A user as the API shows them: the row and the id of their personal namespace (bots and the ghost have none). */
export type UserView = UserRow & { namespace_id: number | null };

/** The id of the user's personal namespace, as a column of a query on `users`. */
function namespaceIdColumn(eb: ExpressionBuilder<Database, 'users'>) {
  return eb.selectFrom('namespaces').select('namespaces.id').whereRef('namespaces.owner_id', '=', 'users.id').where('namespaces.kind', '=', 'user').orderBy('namespaces.id').limit(1).as('namespace_id');
}

const toView = (row: UserRow & { namespace_id: number | null | undefined }): UserView => ({ ...row, namespace_id: row.namespace_id ?? null });

export async function findUserView(db: Db, id: number): Promise<UserView | undefined> {
  const row = await db.selectFrom('users').selectAll('users').select(namespaceIdColumn).where('users.id', '=', id).executeTakeFirst();
  return row && toView(row);
}

export function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

/** A sign-in name: the username or the email address, matched case-insensitively. */
export function findUserByLogin(db: Db, login: string): Promise<UserRow | undefined> {
  const lower = login.toLowerCase();
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb.or([eb(eb.fn('lower', ['username']), '=', lower), eb(eb.fn('lower', ['email']), '=', lower)]))
    .executeTakeFirst();
}

export function findGhostUser(db: Db): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('user_type', '=', 'ghost').executeTakeFirst();
}

export async function insertUser(db: Db, user: Insertable<UsersTable>): Promise<UserRow> {
  return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
}

export async function usernameOrEmailTaken(
  db: Db,
  username: string,
  email: string,
): Promise<{ username: boolean; email: boolean }> {
  const rows = await db
    .selectFrom('users')
    .select(['username', 'email'])
    .where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['username']), '=', username.toLowerCase()),
        eb(eb.fn('lower', ['email']), '=', email.toLowerCase()),
      ]),
    )
    .execute();
  return {
    username: rows.some((r) => r.username.toLowerCase() === username.toLowerCase()),
    email: rows.some((r) => r.email.toLowerCase() === email.toLowerCase()),
  };
}

/** Whom a non-admin may see in the user directory (admins: null, everyone). */
export interface UserViewer {
  userId: number;
  /** Internal projects are visible to signed-in humans (and so are their bots). */
  seesInternal: boolean;
  /** Memberships that ended on or before this date (`lastExpiredDate(now)`) do not count. */
  lastExpired: string;
}

export interface UserFilter {
  viewer?: UserViewer | null;
  username?: string;
  /** Username or name containing the text; with `searchEmails`, also the exact (private) email. */
  search?: string;
  searchEmails?: boolean;
  humans?: boolean;
  excludeInternal?: boolean;
  withoutProjectBots?: boolean;
  /** Only external users: Latchkey has none. */
  external?: boolean;
  active?: boolean;
  blocked?: boolean;
  admins?: boolean;
  createdAfter?: string;
  createdBefore?: string;
}

export const USER_ORDERS = ['id', 'name', 'username', 'created_at', 'updated_at'] as const;
export interface UserOrder {
  by: (typeof USER_ORDERS)[number];
  direction: 'asc' | 'desc';
}

// Users carry no update time and their ids follow creation: both dates order by id (GitLab, too,
// orders created_at by id).
const ORDER_COLUMNS = { id: 'id', name: 'name', username: 'username', created_at: 'id', updated_at: 'id' } as const;

/** The user directory: GET /users, the admin area, a username lookup. */
export async function listUsers(db: Db, filter: UserFilter, page: Page, order: UserOrder = { by: 'id', direction: 'asc' }): Promise<Paged<UserView>> {
  let query = db.selectFrom('users');
  const { viewer } = filter;
  if (viewer) {
    // GitLab hides blocked users from non-admins; a bot is seen by those who see its project.
    query = query
      .where('state', '!=', 'blocked')
      .where((eb) => eb.or([eb('user_type', '!=', 'project_bot'), eb('bot_project_id', 'in', projectsVisibleTo(db, viewer))]));
  }
  if (filter.username !== undefined) {
    query = query.where((eb) => eb(eb.fn('lower', ['username']), '=', filter.username!.toLowerCase()));
  }
  if (filter.search !== undefined && filter.search !== '') {
    const text = filter.search;
    query = query.where((eb) =>
      eb.or([
        containsText('username', text),
        containsText('name', text),
        ...(filter.searchEmails ? [eb(eb.fn('lower', ['email']), '=', text.toLowerCase())] : []),
      ]),
    );
  }
  if (filter.humans) query = query.where('user_type', '=', 'human');
  if (filter.excludeInternal) query = query.where('user_type', '!=', 'ghost');
  if (filter.withoutProjectBots) query = query.where('user_type', '!=', 'project_bot');
  if (filter.external) query = query.where('id', '=', -1);
  if (filter.active) query = query.where('state', '=', 'active');
  if (filter.blocked) query = query.where('state', '=', 'blocked');
  if (filter.admins) query = query.where('is_admin', '=', 1);
  if (filter.createdAfter) query = query.where('created_at', '>=', filter.createdAfter);
  if (filter.createdBefore) query = query.where('created_at', '<=', filter.createdBefore);
  const column = ORDER_COLUMNS[order.by];
  return pageOf(
    query,
    page,
    (q) => {
      const ordered = q.selectAll('users').select(namespaceIdColumn).orderBy(`users.${column}`, order.direction);
      return column === 'id' ? ordered : ordered.orderBy('users.id', order.direction);
    },
    toView,
  );
}

/** Ids of the projects a non-admin may see: public ones, internal ones for humans, and those they are still a member of. */
function projectsVisibleTo(db: Db, viewer: UserViewer) {
  return db
    .selectFrom('projects')
    .select('projects.id')
    .where((eb) =>
      eb.or([
        eb('projects.visibility', '=', 'public'),
        ...(viewer.seesInternal ? [eb('projects.visibility', '=', 'internal')] : []),
        eb('projects.id', 'in', eb.selectFrom('members').select('members.project_id').where('members.user_id', '=', viewer.userId).where(activeAfter(viewer.lastExpired))),
        sql<boolean>`${sql.ref('projects.namespace_id')} in (${namespacesReachedBy(viewer.userId, viewer.lastExpired)})` as never,
      ]),
    );
}

export async function listBotIdsOfProject(db: Db, projectId: number): Promise<number[]> {
  const rows = await db.selectFrom('users').select('id').where('bot_project_id', '=', projectId).execute();
  return rows.map((row) => row.id);
}

/** The bots of a group's access tokens (gtokens). */
export async function listBotIdsOfGroup(db: Db, groupId: number): Promise<number[]> {
  const rows = await db.selectFrom('users').select('id').where('bot_group_id', '=', groupId).execute();
  return rows.map((row) => row.id);
}

export async function deleteUserRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('users').where('id', '=', id).execute();
}

export async function findUsersByIds(db: Db, ids: number[]): Promise<Map<number, UserRow>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('users').selectAll().where('id', 'in', unique).execute();
  return new Map(rows.map((row) => [row.id, row]));
}

/** The ghost user, created on first need; safe when two transactions race to create it. */
export async function ensureGhostUser(db: Db, host: string, now: string): Promise<UserRow> {
  const existing = await findGhostUser(db);
  if (existing) return existing;
  await db
    .insertInto('users')
    .values({
      username: 'ghost',
      name: 'Ghost User',
      email: `ghost@noreply.${host}`,
      password_hash: null,
      user_type: 'ghost',
      is_admin: 0,
      state: 'active',
      bot_project_id: null,
      created_at: now,
    })
    // No conflict target: a racing transaction's ghost may collide on the username or on the
    // email first (PostgreSQL checks the unique indexes in its own order); either way, wait and reuse it.
    .onConflict((oc) => oc.doNothing())
    .execute();
  const ghost = await findGhostUser(db);
  if (!ghost) throw new Error('the username "ghost" or its email is held by a user who is not the ghost user');
  return ghost;
}
