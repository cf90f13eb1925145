import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../database.ts';
import { pageOf, type Page, type Paged } from '../pagination.ts';
import type { ReleaseLinkRow, ReleaseLinksTable, ReleaseRow, ReleasesTable } from '../schema.ts';

export function findReleaseByTag(db: Db, projectId: number, tagName: string): Promise<ReleaseRow | undefined> {
  return db.selectFrom('releases').selectAll().where('project_id', '=', projectId).where('tag_name', '=', tagName).executeTakeFirst();
}

/** The releases of the given tags, by tag name. */
export async function releasesOfTags(db: Db, projectId: number, tagNames: readonly string[]): Promise<Map<string, ReleaseRow>> {
  if (tagNames.length === 0) return new Map();
  const rows = await db.selectFrom('releases').selectAll().where('project_id', '=', projectId).where('tag_name', 'in', [...tagNames]).execute();
  return new Map(rows.map((row) => [row.tag_name, row]));
}

export type ReleaseOrder = 'released_at' | 'created_at';

/** A project's releases, newest first by default (ties by id, the same way). */
export function listReleases(db: Db, projectId: number, order: { by: ReleaseOrder; direction: 'asc' | 'desc' }, page: Page): Promise<Paged<ReleaseRow>> {
  const query = db.selectFrom('releases').where('project_id', '=', projectId);
  return pageOf(query, page, (q) => q.selectAll().orderBy(order.by, order.direction).orderBy('id', order.direction));
}

/** The release with the latest released_at (GitLab's "latest release"). */
export function findLatestRelease(db: Db, projectId: number): Promise<ReleaseRow | undefined> {
  return db.selectFrom('releases').selectAll().where('project_id', '=', projectId).orderBy('released_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export function insertRelease(db: Db, row: Insertable<ReleasesTable>): Promise<ReleaseRow> {
  return db.insertInto('releases').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateReleaseRow(db: Db, id: number, changes: Updateable<ReleasesTable>): Promise<ReleaseRow> {
  return db.updateTable('releases').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Deletes a release and (by cascade) its links. */
export async function deleteReleaseRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('releases').where('id', '=', id).execute();
}

/** GitLab lists a release's links newest first. */
export async function linksOfReleases(db: Db, releaseIds: readonly number[]): Promise<Map<number, ReleaseLinkRow[]>> {
  const byRelease = new Map<number, ReleaseLinkRow[]>(releaseIds.map((id) => [id, []]));
  if (releaseIds.length === 0) return byRelease;
  const rows = await db
    .selectFrom('release_links')
    .selectAll()
    .where('release_id', 'in', [...releaseIds])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  for (const row of rows) byRelease.get(row.release_id)!.push(row);
  return byRelease;
}

export function listReleaseLinks(db: Db, releaseId: number, page: Page): Promise<Paged<ReleaseLinkRow>> {
  const query = db.selectFrom('release_links').where('release_id', '=', releaseId);
  return pageOf(query, page, (q) => q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc'));
}

export function findReleaseLink(db: Db, releaseId: number, id: number): Promise<ReleaseLinkRow | undefined> {
  return db.selectFrom('release_links').selectAll().where('release_id', '=', releaseId).where('id', '=', id).executeTakeFirst();
}

export async function insertReleaseLinks(db: Db, rows: Insertable<ReleaseLinksTable>[]): Promise<ReleaseLinkRow[]> {
  if (rows.length === 0) return [];
  return db.insertInto('release_links').values(rows).returningAll().execute();
}

export function updateReleaseLinkRow(db: Db, id: number, changes: Updateable<ReleaseLinksTable>): Promise<ReleaseLinkRow> {
  return db.updateTable('release_links').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteReleaseLinkRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('release_links').where('id', '=', id).execute();
}
