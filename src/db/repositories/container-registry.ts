import { sql } from 'kysely';
import type { Db } from '../database.ts';
import { pageOf, type Page, type Paged } from '../pagination.ts';
import type { ContainerRepositoryRow, ContainerRepositoryTagRow } from '../schema.ts';

export function findContainerRepositoryByPath(db: Db, path: string): Promise<ContainerRepositoryRow | undefined> {
  return db.selectFrom('container_repositories').selectAll().where('path', '=', path).executeTakeFirst();
}

export function findProjectContainerRepository(db: Db, projectId: number, id: number): Promise<ContainerRepositoryRow | undefined> {
  return db.selectFrom('container_repositories').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
}

/** The repository at `path`, created on first push; safe when two notifications race. */
export async function ensureContainerRepository(
  db: Db,
  row: { project_id: number; name: string; path: string; created_at: string },
): Promise<ContainerRepositoryRow> {
  const existing = await findContainerRepositoryByPath(db, row.path);
  if (existing) return existing;
  await db.insertInto('container_repositories').values(row).onConflict((oc) => oc.column('path').doNothing()).execute();
  return (await findContainerRepositoryByPath(db, row.path))!;
}

export async function listContainerRepositories(db: Db, projectId: number, page: Page): Promise<Paged<ContainerRepositoryRow>> {
  const query = db.selectFrom('container_repositories').where('project_id', '=', projectId);
  return pageOf(query, page, (q) => q.selectAll().orderBy('id', 'asc'));
}

export function findContainerTag(db: Db, repositoryId: number, name: string): Promise<ContainerRepositoryTagRow | undefined> {
  return db.selectFrom('container_repository_tags').selectAll().where('repository_id', '=', repositoryId).where('name', '=', name).executeTakeFirst();
}

/** Tags of several repositories, by name, for the `tags=true` listing. */
export async function listTagsOfRepositories(db: Db, repositoryIds: number[]): Promise<Map<number, ContainerRepositoryTagRow[]>> {
  const byRepository = new Map<number, ContainerRepositoryTagRow[]>(repositoryIds.map((id) => [id, []]));
  if (repositoryIds.length === 0) return byRepository;
  const rows = await db
    .selectFrom('container_repository_tags')
    .selectAll()
    .where('repository_id', 'in', repositoryIds)
    .orderBy('name', 'asc')
    .execute();
  for (const row of rows) byRepository.get(row.repository_id)!.push(row);
  return byRepository;
}

export async function listContainerTags(db: Db, repositoryId: number, page: Page): Promise<Paged<ContainerRepositoryTagRow>> {
  const query = db.selectFrom('container_repository_tags').where('repository_id', '=', repositoryId);
  return pageOf(query, page, (q) => q.selectAll().orderBy('name', 'asc'));
}

export async function upsertContainerTag(
  db: Db,
  row: {
    repository_id: number;
    name: string;
    digest: string;
    media_type: string | null;
    revision: string | null;
    total_size: number | null;
    now: string;
  },
): Promise<void> {
  const { now, ...values } = row;
  await db
    .insertInto('container_repository_tags')
    .values({ ...values, created_at: now, updated_at: now })
    .onConflict((oc) =>
      oc.columns(['repository_id', 'name']).doUpdateSet({
        digest: values.digest,
        media_type: values.media_type,
        revision: values.revision,
        total_size: values.total_size,
        updated_at: now,
      }),
    )
    .execute();
}

/** Deletes one tag by name, or every tag pointing at a manifest digest; returns the tags removed. */
export async function deleteContainerTags(
  db: Db,
  repositoryId: number,
  which: { name: string } | { digest: string },
): Promise<ContainerRepositoryTagRow[]> {
  let query = db.selectFrom('container_repository_tags').selectAll().where('repository_id', '=', repositoryId);
  query = 'name' in which ? query.where('name', '=', which.name) : query.where('digest', '=', which.digest);
  const rows = await query.execute();
  if (rows.length > 0) {
    await db.deleteFrom('container_repository_tags').where('id', 'in', rows.map((r) => r.id)).execute();
  }
  return rows;
}

export function listProjectContainerRepositories(db: Db, projectId: number): Promise<ContainerRepositoryRow[]> {
  return db.selectFrom('container_repositories').selectAll().where('project_id', '=', projectId).orderBy('id', 'asc').execute();
}

export async function projectHasContainerTags(db: Db, projectId: number): Promise<boolean> {
  const row = await db
    .selectFrom('container_repository_tags')
    .innerJoin('container_repositories', 'container_repositories.id', 'container_repository_tags.repository_id')
    .select('container_repository_tags.id')
    .where('container_repositories.project_id', '=', projectId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether a project of the group or of any group below it has a tag in its registry repositories. */
export async function groupHasContainerTags(db: Db, groupId: number): Promise<boolean> {
  const { rows } = await sql<{ found: number }>`with recursive tree(id) as (
      select cast(${groupId} as integer)
      union all
      select n.id from namespaces n join tree t on n.parent_id = t.id
    ) select 1 as found from container_repository_tags tag
      join container_repositories r on r.id = tag.repository_id
      join projects p on p.id = r.project_id
      join tree t on t.id = p.namespace_id
      limit 1`.execute(db);
  return rows.length > 0;
}

/**
 * Every manifest digest a repository is known to have held: its tags now, and each digest its
 * push events name (a tag pushed over leaves its old manifest behind, pullable by digest).
 */
export async function knownManifestDigests(db: Db, repository: ContainerRepositoryRow): Promise<string[]> {
  const tags = await db.selectFrom('container_repository_tags').select('digest').where('repository_id', '=', repository.id).execute();
  const events = await db
    .selectFrom('events')
    .select('data')
    .where('project_id', '=', repository.project_id)
    .where('target_type', '=', 'ContainerRepository')
    .where('target_id', '=', repository.id)
    .execute();
  const digests = new Set(tags.map((tag) => tag.digest));
  for (const { data } of events) {
    const push = data === null ? null : (JSON.parse(data) as { commit_from?: unknown; commit_to?: unknown });
    for (const digest of [push?.commit_from, push?.commit_to]) if (typeof digest === 'string') digests.add(digest);
  }
  return [...digests].sort();
}

/** The repository row and its tags (cascade); the registry's copy is removed separately. */
export async function deleteContainerRepository(db: Db, id: number): Promise<void> {
  await db.deleteFrom('container_repositories').where('id', '=', id).execute();
}
