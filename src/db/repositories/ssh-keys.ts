import type { Insertable } from 'kysely';
import type { Db } from '../database.ts';
import { pageOf, type Page, type Paged } from '../pagination.ts';
import type { SshKeyRow, SshKeysTable } from '../schema.ts';

export function insertSshKey(db: Db, row: Insertable<SshKeysTable>): Promise<SshKeyRow> {
  return db.insertInto('ssh_keys').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function listSshKeysOfUser(db: Db, userId: number, page: Page): Promise<Paged<SshKeyRow>> {
  const query = db.selectFrom('ssh_keys').where('user_id', '=', userId);
  return pageOf(query, page, (q) => q.selectAll().orderBy('id', 'asc'));
}

export function findSshKeyOfUser(db: Db, userId: number, keyId: number): Promise<SshKeyRow | undefined> {
  return db.selectFrom('ssh_keys').selectAll().where('user_id', '=', userId).where('id', '=', keyId).executeTakeFirst();
}

export function findSshKeyByFingerprint(db: Db, fingerprint: string): Promise<SshKeyRow | undefined> {
  return db.selectFrom('ssh_keys').selectAll().where('fingerprint', '=', fingerprint).executeTakeFirst();
}

export async function deleteSshKey(db: Db, userId: number, keyId: number): Promise<boolean> {
  const result = await db.deleteFrom('ssh_keys').where('user_id', '=', userId).where('id', '=', keyId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function deleteSshKeysOfUser(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('ssh_keys').where('user_id', '=', userId).execute();
}
