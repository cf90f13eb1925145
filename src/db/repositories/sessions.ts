import type { Db } from '../database.ts';
import type { SessionsTable, UserRow } from '../schema.ts';

export type SessionRow = SessionsTable;

export function insertSession(db: Db, row: SessionRow): Promise<void> {
  return db.insertInto('sessions').values(row).execute().then(() => undefined);
}

/** The session and its user, by the digest of its id (the primary key). */
export async function findSessionWithUser(db: Db, idDigest: string): Promise<{ session: SessionRow; user: UserRow } | undefined> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('u')
    .select(['s.id_digest as s_id_digest', 's.csrf_token as s_csrf_token', 's.created_at as s_created_at', 's.expires_at as s_expires_at'])
    .where('s.id_digest', '=', idDigest)
    .executeTakeFirst();
  if (!row) return undefined;
  const { s_id_digest, s_csrf_token, s_created_at, s_expires_at, ...user } = row;
  return {
    session: { id_digest: s_id_digest, user_id: user.id, csrf_token: s_csrf_token, created_at: s_created_at, expires_at: s_expires_at },
    user,
  };
}

export async function deleteSession(db: Db, idDigest: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_digest', '=', idDigest).execute();
}

export async function deleteSessionsOfUser(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}
