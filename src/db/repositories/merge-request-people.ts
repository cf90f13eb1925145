import type { Db } from '../database.ts';

/** Assignees and reviewers: the same link table shape. */
export type MergeRequestPeople = 'merge_request_assignees' | 'merge_request_reviewers';

/** Each merge request's users in `table`, in the order they were linked. */
export async function peopleOfMergeRequests(db: Db, table: MergeRequestPeople, mergeRequestIds: number[]): Promise<Map<number, number[]>> {
  const byRequest = new Map<number, number[]>(mergeRequestIds.map((id) => [id, []]));
  if (mergeRequestIds.length === 0) return byRequest;
  const rows = await db.selectFrom(table).select(['merge_request_id', 'user_id']).where('merge_request_id', 'in', mergeRequestIds).orderBy('user_id').execute();
  for (const row of rows) byRequest.get(row.merge_request_id)!.push(row.user_id);
  return byRequest;
}

/** Makes `userIds` exactly the users of the merge request in `table`. */
export async function replaceMergeRequestPeople(db: Db, table: MergeRequestPeople, mergeRequestId: number, userIds: number[]): Promise<void> {
  let removal = db.deleteFrom(table).where('merge_request_id', '=', mergeRequestId);
  if (userIds.length > 0) removal = removal.where('user_id', 'not in', userIds);
  await removal.execute();
  if (userIds.length === 0) return;
  await db
    .insertInto(table)
    .values(userIds.map((user_id) => ({ merge_request_id: mergeRequestId, user_id })))
    .onConflict((oc) => oc.columns(['merge_request_id', 'user_id']).doNothing())
    .execute();
}
