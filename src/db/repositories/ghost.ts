import type { Db } from '../database.ts';

/**
 * Moves everything a user authored to the ghost user, so it survives the user's deletion.
 * Runs inside the caller's transaction.
 */
export async function moveRecordsToGhost(db: Db, fromUserId: number, ghostId: number): Promise<void> {
  await db.updateTable('issues').set({ author_id: ghostId }).where('author_id', '=', fromUserId).execute();
  await db.updateTable('issues').set({ updated_by_id: ghostId }).where('updated_by_id', '=', fromUserId).execute();
  await db.updateTable('issues').set({ closed_by_id: ghostId }).where('closed_by_id', '=', fromUserId).execute();
  await db.updateTable('notes').set({ author_id: ghostId }).where('author_id', '=', fromUserId).execute();
  await db.updateTable('events').set({ author_id: ghostId }).where('author_id', '=', fromUserId).execute();
  await db.updateTable('members').set({ created_by_id: ghostId }).where('created_by_id', '=', fromUserId).execute();
  await db.updateTable('group_members').set({ created_by_id: ghostId }).where('created_by_id', '=', fromUserId).execute();
  await db.updateTable('releases').set({ author_id: ghostId }).where('author_id', '=', fromUserId).execute();
  for (const column of ['author_id', 'updated_by_id', 'merge_user_id', 'closed_by_id'] as const) {
    await db.updateTable('merge_requests').set({ [column]: ghostId }).where(column, '=', fromUserId).execute();
  }
  await db.updateTable('merge_request_notes').set({ author_id: ghostId }).where('author_id', '=', fromUserId).execute();
  await db.updateTable('merge_request_notes').set({ resolved_by_id: ghostId }).where('resolved_by_id', '=', fromUserId).execute();
  // An approval stays an approval, by the ghost; unless the ghost already approved the same one.
  await db
    .deleteFrom('merge_request_approvals')
    .where('user_id', '=', fromUserId)
    .where('merge_request_id', 'in', db.selectFrom('merge_request_approvals').select('merge_request_id').where('user_id', '=', ghostId))
    .execute();
  await db.updateTable('merge_request_approvals').set({ user_id: ghostId }).where('user_id', '=', fromUserId).execute();
  await db.updateTable('pipelines').set({ user_id: ghostId }).where('user_id', '=', fromUserId).execute();
  await db.updateTable('commit_statuses').set({ author_id: ghostId }).where('author_id', '=', fromUserId).execute();
}
