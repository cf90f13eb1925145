import type { Insertable } from 'kysely';
import type { Actor } from '../../domain/principal.ts';
import type { Db } from '../database.ts';
import { offsetOf, paged, type Page, type Paged } from '../pagination.ts';
import type { UserRow, UsersTable } from '../schema.ts';
import { containsText } from '../text-match.ts';

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

export interface UserFilter {
  username?: string;
  search?: string;
  humansOnly?: boolean;
}

export async function listUsers(db: Db, filter: UserFilter, page: Page): Promise<Paged<UserRow>> {
  let query = db.selectFrom('users').where('user_type', '!=', 'ghost');
  if (filter.username !== undefined) {
    query = query.where((eb) => eb(eb.fn('lower', ['username']), '=', filter.username!.toLowerCase()));
  }
  if (filter.search !== undefined) {
    const text = filter.search;
    query = query.where((eb) =>
      eb.or([containsText('username', text), containsText('name', text), containsText('email', text)]),
    );
  }
  if (filter.humansOnly) query = query.where('user_type', '=', 'human');
  const [{ total }] = await query.select((eb) => eb.fn.countAll<number>().as('total')).execute();
  const items = await query.selectAll().orderBy('id', 'asc').limit(page.perPage).offset(offsetOf(page)).execute();
  return paged(items, total, page);
}

export async function listBotIdsOfProject(db: Db, projectId: number): Promise<number[]> {
  const rows = await db.selectFrom('users').select('id').where('bot_project_id', '=', projectId).execute();
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
    .onConflict((oc) => oc.column('username').doNothing())
    .execute();
  const ghost = await findGhostUser(db);
  if (!ghost) throw new Error('the username "ghost" is held by a user who is not the ghost user');
  return ghost;
}
