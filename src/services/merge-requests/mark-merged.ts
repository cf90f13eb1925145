import { queueMergeRequestHook } from '../webhooks/merge-request-hook-payload.ts';
import type { UserPrincipal } from '../../domain/principal.ts';
import { recordMergeRequestEvent } from './record-merge-request-event.ts';
import type { MergeRequestRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';

/**
 * Records a merge request as merged, once: the row moves to `merged` only from `from` (opened when
 * a push merged it, locked while the API merges it), with GitLab's `accepted` event by the actor in
 * the same transaction. Returns the merged row, or null when another writer got there first.
 */
export async function markMerged(
  deps: Deps,
  actor: UserPrincipal,
  mergeRequest: MergeRequestRow,
  input: { from: 'opened' | 'locked'; mergeUserId: number | null; mergeCommitSha: string | null; squashCommitSha: string | null },
): Promise<MergeRequestRow | null> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const merged = await trx
      .updateTable('merge_requests')
      .set({
        state: 'merged',
        merged_at: now,
        updated_at: now,
        merge_user_id: input.mergeUserId,
        merge_commit_sha: input.mergeCommitSha,
        squash_commit_sha: input.squashCommitSha,
        merge_error: null,
      })
      .where('id', '=', mergeRequest.id)
      .where('state', '=', input.from)
      .returningAll()
      .executeTakeFirst();
    if (!merged) return null;
    await recordMergeRequestEvent(trx, actor.user.id, 'accepted', merged, now);
    await queueMergeRequestHook(trx, deps, { actor: actor.user, action: 'merge', mergeRequest: merged, before: mergeRequest });
    return merged;
  });
}
