import type { Db } from '../../db/database.ts';
import { insertEvent } from '../../db/repositories/events.ts';
import type { MergeRequestRow } from '../../db/schema.ts';

/** The project event of a merge request's life (`opened`, `closed`, `reopened`, `accepted`), in the caller's transaction. */
export async function recordMergeRequestEvent(db: Db, authorId: number, action: 'opened' | 'closed' | 'reopened' | 'accepted', mergeRequest: MergeRequestRow, now: string): Promise<void> {
  await insertEvent(db, {
    project_id: mergeRequest.project_id,
    author_id: authorId,
    action_name: action,
    target_type: 'MergeRequest',
    target_id: mergeRequest.id,
    target_iid: mergeRequest.iid,
    target_title: mergeRequest.title,
    data: null,
    created_at: now,
  });
}
