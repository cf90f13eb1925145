import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../database.ts';
import { pageOf, type Page, type Paged } from '../pagination.ts';
import type { CommitStatusesTable, CommitStatusRow, CommitStatusState, PipelineRow, PipelinesTable } from '../schema.ts';

/**
 * External pipelines and their jobs (commit statuses). A job is "latest" when it is the newest of
 * its name in its pipeline: a newer job of the same name retries the older ones, as GitLab's
 * `retried` flag says.
 */

export function findPipeline(db: Db, projectId: number, id: number): Promise<PipelineRow | undefined> {
  return db.selectFrom('pipelines').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
}

/** The newest pipeline of a commit, on `ref` when given (GitLab's latest pipeline of a commit). */
export function latestPipelineFor(db: Db, projectId: number, sha: string, ref?: string, id?: number): Promise<PipelineRow | undefined> {
  let query = db.selectFrom('pipelines').selectAll().where('project_id', '=', projectId).where('sha', '=', sha);
  if (ref !== undefined) query = query.where('ref', '=', ref);
  if (id !== undefined) query = query.where('id', '=', id);
  return query.orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** Atomically takes the next pipeline number of a project. */
export async function takeNextPipelineIid(db: Db, projectId: number): Promise<number> {
  const row = await db
    .updateTable('projects')
    .set((eb) => ({ pipeline_counter: eb('pipeline_counter', '+', 1) }))
    .where('id', '=', projectId)
    .returning('pipeline_counter')
    .executeTakeFirstOrThrow();
  return row.pipeline_counter;
}

export function insertPipeline(db: Db, row: Insertable<PipelinesTable>): Promise<PipelineRow> {
  return db.insertInto('pipelines').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updatePipelineRow(db: Db, id: number, changes: Updateable<PipelinesTable>): Promise<PipelineRow> {
  return db.updateTable('pipelines').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** The caller's pending or running job of this name and ref in a pipeline: the one a new status updates. */
export function findActiveJob(db: Db, pipelineId: number, input: { ref: string | null; name: string; authorId: number }): Promise<CommitStatusRow | undefined> {
  let query = db
    .selectFrom('commit_statuses')
    .selectAll()
    .where('pipeline_id', '=', pipelineId)
    .where('name', '=', input.name)
    .where('author_id', '=', input.authorId)
    .where('status', 'in', ['pending', 'running']);
  query = input.ref === null ? query.where('ref', 'is', null) : query.where('ref', '=', input.ref);
  return query.orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export function insertCommitStatus(db: Db, row: Insertable<CommitStatusesTable>): Promise<CommitStatusRow> {
  return db.insertInto('commit_statuses').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateCommitStatusRow(db: Db, id: number, changes: Updateable<CommitStatusesTable>): Promise<CommitStatusRow> {
  return db.updateTable('commit_statuses').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** The newest job id of each name in the given pipelines. */
const latestJobIds = (db: Db, pipelineIds: ReturnType<typeof pipelineIdsOf> | number[]) =>
  db.selectFrom('commit_statuses').select((eb) => eb.fn.max('id').as('id')).where('pipeline_id', 'in', pipelineIds).groupBy(['pipeline_id', 'name']);

const pipelineIdsOf = (db: Db, projectId: number, sha: string) => db.selectFrom('pipelines').select('id').where('project_id', '=', projectId).where('sha', '=', sha);

/** The latest jobs of a pipeline, for its composite status. */
export function latestJobsOfPipeline(db: Db, pipelineId: number): Promise<{ status: CommitStatusState; allow_failure: number }[]> {
  return db.selectFrom('commit_statuses').select(['status', 'allow_failure']).where('id', 'in', latestJobIds(db, [pipelineId])).execute();
}

/** The mean coverage of a pipeline's latest jobs that report one (GitLab's pipeline coverage). */
export async function latestJobsCoverage(db: Db, pipelineId: number): Promise<number | null> {
  const rows = await db.selectFrom('commit_statuses').select('coverage').where('id', 'in', latestJobIds(db, [pipelineId])).where('coverage', 'is not', null).execute();
  return rows.length === 0 ? null : rows.reduce((sum, row) => sum + Number(row.coverage), 0) / rows.length;
}

export interface StatusFilter {
  ref?: string;
  name?: string;
  stage?: string;
  pipelineId?: number;
  all: boolean;
}

/** GET .../commits/:sha/statuses: the jobs of a commit's pipelines, latest of each name unless `all`. */
export function listCommitStatuses(
  db: Db,
  projectId: number,
  sha: string,
  filter: StatusFilter,
  order: { by: 'id' | 'pipeline_id'; direction: 'asc' | 'desc' },
  page: Page,
): Promise<Paged<CommitStatusRow>> {
  let pipelines = pipelineIdsOf(db, projectId, sha);
  if (filter.pipelineId !== undefined) pipelines = pipelines.where('id', '=', filter.pipelineId);
  let query = db.selectFrom('commit_statuses').where('pipeline_id', 'in', pipelines);
  if (!filter.all) query = query.where('id', 'in', latestJobIds(db, pipelines));
  if (filter.ref !== undefined) query = query.where('ref', '=', filter.ref);
  if (filter.name !== undefined) query = query.where('name', '=', filter.name);
  // Every external job is in the stage `external`.
  if (filter.stage !== undefined && filter.stage !== 'external') query = query.where('id', '<', 0);
  return pageOf(query, page, (q) => (order.by === 'id' ? q.selectAll().orderBy('id', order.direction) : q.selectAll().orderBy('pipeline_id', order.direction).orderBy('id', 'asc')));
}

export const PIPELINE_ORDERS = ['id', 'status', 'ref', 'updated_at', 'user_id'] as const;

export interface PipelineFilter {
  scope?: 'running' | 'pending' | 'finished';
  status?: CommitStatusState;
  ref?: string;
  sha?: string;
  source?: string;
  userId?: number | null;
  updatedBefore?: string;
  updatedAfter?: string;
  createdBefore?: string;
  createdAfter?: string;
}

/** GET /projects/:id/pipelines, newest first by default. */
export function listPipelines(
  db: Db,
  projectId: number,
  filter: PipelineFilter,
  order: { by: (typeof PIPELINE_ORDERS)[number]; direction: 'asc' | 'desc' },
  page: Page,
): Promise<Paged<PipelineRow>> {
  let query = db.selectFrom('pipelines').where('project_id', '=', projectId);
  if (filter.scope === 'running' || filter.scope === 'pending') query = query.where('status', '=', filter.scope);
  if (filter.scope === 'finished') query = query.where('status', 'in', ['success', 'failed', 'canceled', 'skipped']);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.ref !== undefined) query = query.where('ref', '=', filter.ref);
  if (filter.sha !== undefined) query = query.where('sha', '=', filter.sha);
  if (filter.source !== undefined) query = query.where('source', '=', filter.source);
  if (filter.userId !== undefined) query = filter.userId === null ? query.where('id', '<', 0) : query.where('user_id', '=', filter.userId);
  if (filter.updatedBefore !== undefined) query = query.where('updated_at', '<', filter.updatedBefore);
  if (filter.updatedAfter !== undefined) query = query.where('updated_at', '>', filter.updatedAfter);
  if (filter.createdBefore !== undefined) query = query.where('created_at', '<', filter.createdBefore);
  if (filter.createdAfter !== undefined) query = query.where('created_at', '>', filter.createdAfter);
  return pageOf(query, page, (q) => q.selectAll().orderBy(order.by, order.direction).orderBy('id', order.direction));
}

/** The pipelines of a merge request: those on its source branch for one of its commits, newest first. */
export function listPipelinesOnRef(db: Db, projectId: number, ref: string, shas: readonly string[], page: Page): Promise<Paged<PipelineRow>> {
  const query = db
    .selectFrom('pipelines')
    .where('project_id', '=', projectId)
    .where('ref', '=', ref)
    .where('sha', 'in', shas.length > 0 ? [...shas] : ['']);
  return pageOf(query, page, (q) => q.selectAll().orderBy('id', 'desc'));
}
