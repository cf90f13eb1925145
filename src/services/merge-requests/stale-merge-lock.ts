import type { UserPrincipal } from '../../domain/principal.ts';
import type { MergeRequestRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { isAncestor } from '../../git/ancestry.ts';
import { resolveCommit } from '../../git/blobs.ts';
import { markMerged } from './mark-merged.ts';

/** How long a merge may hold its merge request `locked`: a lock older than this was left by a merge whose process died. */
export const STALE_MERGE_LOCK_MS = 10 * 60_000;

/**
 * A merge request left `locked` by a merge that never finished (the process died between locking
 * and unlocking) is released, as GitLab's StuckMergeJobsWorker does: merged when its head already
 * reached the target (the target moved before the crash), else opened again so a retry can merge.
 * A lock younger than STALE_MERGE_LOCK_MS belongs to a merge still running and is left alone.
 */
export async function releaseStaleMergeLock(deps: Deps, actor: UserPrincipal, repositoryDir: string, mergeRequest: MergeRequestRow): Promise<MergeRequestRow> {
  if (mergeRequest.state !== 'locked') return mergeRequest;
  if (deps.clock.now().getTime() - Date.parse(mergeRequest.updated_at) < STALE_MERGE_LOCK_MS) return mergeRequest;
  const head = mergeRequest.head_sha;
  const target = await resolveCommit(repositoryDir, `refs/heads/${mergeRequest.target_branch}`);
  if (head !== null && target !== null && (await isAncestor(repositoryDir, head, target))) {
    const merged = await markMerged(deps, actor, mergeRequest, { from: 'locked', mergeUserId: null, mergeCommitSha: null, squashCommitSha: null });
    if (merged) return merged;
  }
  const opened = await deps.db
    .updateTable('merge_requests')
    .set({ state: 'opened' })
    .where('id', '=', mergeRequest.id)
    .where('state', '=', 'locked')
    .where('updated_at', '=', mergeRequest.updated_at)
    .returningAll()
    .executeTakeFirst();
  return opened ?? mergeRequest;
}
