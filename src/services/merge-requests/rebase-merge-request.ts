import { notPermitted, rejected } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { updateMergeRequestRow } from '../../db/repositories/merge-requests.ts';
import type { MergeRequestRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { resolveCommit } from '../../git/blobs.ts';
import { rebaseCommits } from '../../git/merge-commit.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { applyRefUpdates, RefMovedError } from '../repository/apply-ref-updates.ts';
import { findMergingContext, stampOf } from './merging-context.ts';

/** GitLab's RebaseService error, shown as the merge request's merge_error. */
export const REBASE_FAILED = 'Rebase failed: Rebase locally, resolve all conflicts, then push the branch.';

/**
 * PUT /projects/:id/merge_requests/:iid/rebase: the source's commits replayed on the target's tip
 * in the bare repository (authors kept, the caller commits), and the source branch moved from the
 * head it was read at, through the protection of a push (403 without push rights). Done before
 * answering; a conflict or a source that moved meanwhile leaves the branch as it was and sets the
 * merge request's merge_error. Returns the merge request as it is now.
 */
export async function rebaseMergeRequest(deps: Deps, actor: Principal, input: { project: ProjectRef; iid: number }): Promise<MergeRequestRow> {
  const user = requireUser(actor);
  const found = await findMergingContext(deps, actor, input);
  const { mergeRequest: mr, repositoryDir } = found;
  if (!found.canPush) throw notPermitted('rebase_merge_request');
  if (mr.state !== 'opened') throw rejected('405 Method Not Allowed', 405);
  const head = await resolveCommit(repositoryDir, `refs/heads/${mr.source_branch}`);
  const target = await resolveCommit(repositoryDir, `refs/heads/${mr.target_branch}`);
  const rebased = head !== null && target !== null ? await rebaseCommits(repositoryDir, head, target, await stampOf(deps, user.user.id)) : null;
  let error: string | null = rebased === null ? REBASE_FAILED : null;
  if (rebased !== null && rebased !== head) {
    try {
      await applyRefUpdates(deps, user, found, [{ ref: `refs/heads/${mr.source_branch}`, before: head, after: rebased }]);
    } catch (moved) {
      if (!(moved instanceof RefMovedError)) throw moved;
      error = REBASE_FAILED;
    }
  }
  return updateMergeRequestRow(deps.db, mr.id, { merge_error: error });
}
