import { queueMergeRequestHook } from '../webhooks/merge-request-hook-payload.ts';
import type { UserPrincipal } from '../../domain/principal.ts';
import { openMergeRequestsTouching } from '../../db/repositories/merge-requests.ts';
import type { MergeRequestRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { isAncestor } from '../../git/ancestry.ts';
import { resolveCommit } from '../../git/blobs.ts';
import type { RefChange } from '../../git/refs.ts';
import { markMerged } from './mark-merged.ts';
import { refreshMergeRequest } from './refresh-merge-request.ts';

const BRANCH = 'refs/heads/';

/** Whether this push brought the open merge request's source tip into its target (GitLab marks it merged). */
async function mergedByPush(repositoryDir: string, mergeRequest: MergeRequestRow, targetChange: RefChange | undefined): Promise<boolean> {
  if (mergeRequest.state !== 'opened' || targetChange?.after == null) return false;
  const head = await resolveCommit(repositoryDir, `${BRANCH}${mergeRequest.source_branch}`);
  if (head === null || !(await isAncestor(repositoryDir, head, targetChange.after))) return false;
  return targetChange.before === null || !(await isAncestor(repositoryDir, head, targetChange.before));
}

/**
 * After any push or API write: the open merge requests whose source or target moved follow it
 * (sha, diff refs, merge status), and one whose source commits arrived in its target by a push is
 * merged, as GitLab does. Never fails the push: an error is logged.
 */
export async function refreshOnPush(deps: Deps, actor: UserPrincipal, push: { projectId: number; repositoryDir: string; changes: RefChange[] }): Promise<void> {
  try {
    const moved = push.changes.filter((change) => change.ref.startsWith(BRANCH) && change.before !== change.after);
    const branches = moved.map((change) => change.ref.slice(BRANCH.length));
    for (const mergeRequest of await openMergeRequestsTouching(deps.db, push.projectId, branches)) {
      // Locked: being merged right now; the merge's own push must not move its diff refs onto the result.
      if (mergeRequest.state === 'locked') continue;
      const targetChange = moved.find((change) => change.ref === `${BRANCH}${mergeRequest.target_branch}`);
      if (await mergedByPush(push.repositoryDir, mergeRequest, targetChange)) {
        await markMerged(deps, actor, mergeRequest, { from: 'opened', mergeUserId: null, mergeCommitSha: null, squashCommitSha: null });
      } else {
        const refreshed = await refreshMergeRequest(deps.db, push.repositoryDir, mergeRequest);
        // New commits on the source: GitLab's `update` hook with the tip before (`oldrev`).
        const sourceChange = moved.find((change) => change.ref === `${BRANCH}${mergeRequest.source_branch}`);
        if (sourceChange?.before && sourceChange.after) {
          const oldrev = sourceChange.before;
          await queueMergeRequestHook(deps.db, deps, { actor: actor.user, action: 'update', mergeRequest: refreshed, before: mergeRequest, oldrev });
        }
      }
    }
  } catch (error) {
    deps.log.error({ err: error, projectId: push.projectId }, 'could not refresh merge requests after a push');
  }
}
