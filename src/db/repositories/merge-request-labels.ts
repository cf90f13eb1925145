import type { Db } from '../database.ts';
import type { LabelRow } from '../schema.ts';

/** The labels of each merge request, by name. */
export async function labelsOfMergeRequests(db: Db, mergeRequestIds: number[]): Promise<Map<number, LabelRow[]>> {
  const byRequest = new Map<number, LabelRow[]>(mergeRequestIds.map((id) => [id, []]));
  if (mergeRequestIds.length === 0) return byRequest;
  const rows = await db
    .selectFrom('merge_request_labels')
    .innerJoin('labels', 'labels.id', 'merge_request_labels.label_id')
    .selectAll('labels')
    .select('merge_request_labels.merge_request_id')
    .where('merge_request_labels.merge_request_id', 'in', mergeRequestIds)
    .orderBy('labels.name', 'asc')
    .execute();
  for (const { merge_request_id, ...label } of rows) byRequest.get(merge_request_id)!.push(label);
  return byRequest;
}

/** Makes `labelIds` exactly the labels of the merge request. */
export async function replaceMergeRequestLabels(db: Db, mergeRequestId: number, labelIds: number[]): Promise<void> {
  let removal = db.deleteFrom('merge_request_labels').where('merge_request_id', '=', mergeRequestId);
  if (labelIds.length > 0) removal = removal.where('label_id', 'not in', labelIds);
  await removal.execute();
  if (labelIds.length === 0) return;
  await db
    .insertInto('merge_request_labels')
    .values(labelIds.map((label_id) => ({ merge_request_id: mergeRequestId, label_id })))
    .onConflict((oc) => oc.columns(['merge_request_id', 'label_id']).doNothing())
    .execute();
}
