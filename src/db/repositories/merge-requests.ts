import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../database.ts';
import type { MergeRequestRow, MergeRequestsTable } from '../schema.ts';

export function findMergeRequest(db: Db, projectId: number, iid: number): Promise<MergeRequestRow | undefined> {
  return db.selectFrom('merge_requests').selectAll().where('project_id', '=', projectId).where('iid', '=', iid).executeTakeFirst();
}

/** Atomically takes the next merge request number of a project (its own sequence, as GitLab's). */
export async function takeNextMergeRequestIid(db: Db, projectId: number): Promise<number> {
  const row = await db
    .updateTable('projects')
    .set((eb) => ({ merge_request_counter: eb('merge_request_counter', '+', 1) }))
    .where('id', '=', projectId)
    .returning('merge_request_counter')
    .executeTakeFirstOrThrow();
  return row.merge_request_counter;
}

export function insertMergeRequest(db: Db, row: Insertable<MergeRequestsTable>): Promise<MergeRequestRow> {
  return db.insertInto('merge_requests').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateMergeRequestRow(db: Db, id: number, changes: Updateable<MergeRequestsTable>): Promise<MergeRequestRow> {
  return db.updateTable('merge_requests').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** The open merge requests whose source or target is one of these branches (to refresh after a push). */
export function openMergeRequestsTouching(db: Db, projectId: number, branches: readonly string[]): Promise<MergeRequestRow[]> {
  if (branches.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('merge_requests')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('state', 'in', ['opened', 'locked'])
    .where((eb) => eb.or([eb('source_branch', 'in', branches), eb('target_branch', 'in', branches)]))
    .orderBy('id')
    .execute();
}

/** Deletes a merge request; its notes, labels, assignees, reviewers and approvals go with it (cascade). */
export async function deleteMergeRequestRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('merge_requests').where('id', '=', id).execute();
}
