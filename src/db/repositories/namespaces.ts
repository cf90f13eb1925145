import type { Db } from '../database.ts';
import type { NamespaceRow } from '../schema.ts';

export function findNamespaceById(db: Db, id: number): Promise<NamespaceRow | undefined> {
  return db.selectFrom('namespaces').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findNamespaceByOwner(db: Db, ownerId: number): Promise<NamespaceRow | undefined> {
  return db.selectFrom('namespaces').selectAll().where('owner_id', '=', ownerId).where('kind', '=', 'user').executeTakeFirst();
}

export function insertNamespace(
  db: Db,
  row: { path: string; name: string; owner_id: number; created_at: string },
): Promise<NamespaceRow> {
  return db.insertInto('namespaces').values({ ...row, kind: 'user' }).returningAll().executeTakeFirstOrThrow();
}

export async function namespacePathTaken(db: Db, path: string): Promise<boolean> {
  const row = await db
    .selectFrom('namespaces')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['path']), '=', path.toLowerCase()))
    .executeTakeFirst();
  return row !== undefined;
}

/** The user's own namespace; the groups they created stay, handed to `heirId` (the ghost user). */
export async function deleteNamespacesOfOwner(db: Db, ownerId: number, heirId: number): Promise<void> {
  await db.updateTable('namespaces').set({ owner_id: heirId }).where('owner_id', '=', ownerId).where('kind', '=', 'group').execute();
  await db.deleteFrom('namespaces').where('owner_id', '=', ownerId).where('kind', '=', 'user').execute();
}

/** A user's or group's namespace by its full path, case-insensitively. */
export function findNamespaceByPath(db: Db, fullPath: string): Promise<NamespaceRow | undefined> {
  return db
    .selectFrom('namespaces')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['path']), '=', fullPath.toLowerCase()))
    .executeTakeFirst();
}
