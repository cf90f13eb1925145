import type { Db } from '../database.ts';
import type { UserRow } from '../schema.ts';

/** The users who approved a merge request, first approval first. */
export async function listApprovers(db: Db, mergeRequestId: number): Promise<UserRow[]> {
  return db
    .selectFrom('merge_request_approvals')
    .innerJoin('users', 'users.id', 'merge_request_approvals.user_id')
    .selectAll('users')
    .where('merge_request_approvals.merge_request_id', '=', mergeRequestId)
    .orderBy('merge_request_approvals.created_at')
    .orderBy('users.id')
    .execute();
}

/** Records an approval once: false when this user had already approved (two racing approvals store one). */
export async function insertApproval(db: Db, row: { merge_request_id: number; user_id: number; created_at: string }): Promise<boolean> {
  const result = await db.insertInto('merge_request_approvals').values(row).onConflict((oc) => oc.columns(['merge_request_id', 'user_id']).doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** Withdraws an approval: false when there was none. */
export async function deleteApproval(db: Db, mergeRequestId: number, userId: number): Promise<boolean> {
  const result = await db.deleteFrom('merge_request_approvals').where('merge_request_id', '=', mergeRequestId).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
