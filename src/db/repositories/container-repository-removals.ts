import type { Db } from '../database.ts';
import type { ContainerRepositoryRemovalRow } from '../schema.ts';

const digestsOf = (row: { digests: string }): string[] => JSON.parse(row.digests) as string[];

export function findContainerRepositoryRemoval(db: Db, path: string): Promise<ContainerRepositoryRemovalRow | undefined> {
  return db.selectFrom('container_repository_removals').selectAll().where('path', '=', path).executeTakeFirst();
}

/**
 * Lists `path` for removal with these manifest digests, or adds them to a removal already listed
 * (a late push notification, a project deleted again at the same path). Runs in the caller's transaction.
 */
export async function scheduleContainerRepositoryRemoval(db: Db, row: { path: string; digests: readonly string[]; now: string }): Promise<void> {
  await db
    .insertInto('container_repository_removals')
    .values({ path: row.path, digests: '[]', scheduled_at: row.now })
    .onConflict((oc) => oc.column('path').doNothing())
    .execute();
  // A no-op update takes the row's lock (PostgreSQL): two merges into one path do not lose a digest.
  await db.updateTable('container_repository_removals').set((eb) => ({ digests: eb.ref('digests') })).where('path', '=', row.path).execute();
  const existing = await db.selectFrom('container_repository_removals').select('digests').where('path', '=', row.path).executeTakeFirstOrThrow();
  const known = digestsOf(existing);
  const merged = [...new Set([...known, ...row.digests])].sort();
  if (merged.length === known.length) return;
  await db.updateTable('container_repository_removals').set({ digests: JSON.stringify(merged) }).where('path', '=', row.path).execute();
}

/** Removals due for an attempt, oldest attempt first (`paths` narrows to some). */
export function listContainerRepositoryRemovals(db: Db, options: { limit: number; paths?: readonly string[] }): Promise<ContainerRepositoryRemovalRow[]> {
  let query = db.selectFrom('container_repository_removals').selectAll();
  if (options.paths !== undefined) {
    if (options.paths.length === 0) return Promise.resolve([]);
    query = query.where('path', 'in', [...options.paths]);
  }
  return query.orderBy('attempts', 'asc').orderBy('path', 'asc').limit(options.limit).execute();
}

export function removalDigests(row: ContainerRepositoryRemovalRow): string[] {
  return digestsOf(row);
}

/** Done: gone, unless a digest was added meanwhile (then it stays for the next attempt). */
export async function completeContainerRepositoryRemoval(db: Db, row: ContainerRepositoryRemovalRow): Promise<boolean> {
  const result = await db.deleteFrom('container_repository_removals').where('path', '=', row.path).where('digests', '=', row.digests).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function recordContainerRepositoryRemovalFailure(db: Db, path: string, error: string, now: string): Promise<void> {
  await db
    .updateTable('container_repository_removals')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), last_attempt_at: now, last_error: error.slice(0, 1000) }))
    .where('path', '=', path)
    .execute();
}
