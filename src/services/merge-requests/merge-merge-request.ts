import { notPermitted, rejected } from '../../domain/errors.ts';
import type { Principal, UserPrincipal } from '../../domain/principal.ts';
import { fullPathOf } from '../../domain/project-ref.ts';
import type { MergeRequestRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { resolveCommit } from '../../git/blobs.ts';
import { mergeInto, squashCommit, type MergeOutcome } from '../../git/merge-commit.ts';
import { isMergeable } from '../../policies/merge-request-merge-policies.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { applyRefUpdates, RefMovedError } from '../repository/apply-ref-updates.ts';
import { markMerged } from './mark-merged.ts';
import { mayMergeInto } from './merge-rights.ts';
import { findMergingContext, shaMismatch, stampOf, type MergingContext } from './merging-context.ts';
import { refreshMergeRequest } from './refresh-merge-request.ts';
import { releaseStaleMergeLock } from './stale-merge-lock.ts';

export interface MergeInput {
  project: ProjectRef;
  iid: number;
  sha?: string;
  squash?: boolean;
  mergeCommitMessage?: string;
  squashCommitMessage?: string;
  shouldRemoveSourceBranch?: boolean;
}

/** GitLab's answers: not_allowed! (405), the merge failing once started (422); a stale `sha` is shaMismatch (409). */
const NOT_ALLOWED = () => rejected('405 Method Not Allowed', 405);
const CANNOT_MERGE = () => rejected('Branch cannot be merged', 422);

/** How many times the target may move under a merge before it gives up (each retry rebuilds on the new tip). */
const ATTEMPTS = 5;

/** GitLab's default merge commit template, empty lines of absent parts left out. */
function defaultMergeMessage(found: MergingContext): string {
  const mr = found.mergeRequest;
  return `Merge branch '${mr.source_branch}' into '${mr.target_branch}'\n\n${mr.title}\n\nSee merge request ${fullPathOf(found.context)}!${mr.iid}\n`;
}

function wantsSquash(option: string, asked: boolean | undefined, stored: number): boolean {
  if (option === 'always') return true;
  if (option === 'never') return false;
  return asked ?? stored === 1;
}

async function mergeOnce(deps: Deps, user: UserPrincipal, found: MergingContext, input: MergeInput, head: string) {
  const { repositoryDir, mergeRequest: mr, context } = found;
  const target = await resolveCommit(repositoryDir, `refs/heads/${mr.target_branch}`);
  if (target === null) throw CANNOT_MERGE();
  const stamp = await stampOf(deps, user.user.id);
  const squash = wantsSquash(context.project.squash_option, input.squash, mr.squash);
  const squashed = squash ? await squashCommit(repositoryDir, head, target, input.squashCommitMessage ?? mr.title, stamp) : null;
  if (squash && squashed === null) throw CANNOT_MERGE();
  const message = input.mergeCommitMessage ?? defaultMergeMessage(found);
  const outcome: MergeOutcome = await mergeInto(repositoryDir, { method: context.project.merge_method, source: squashed ?? head, target, message, stamp });
  if ('refusal' in outcome) throw CANNOT_MERGE();
  await applyRefUpdates(deps, user, found, [{ ref: `refs/heads/${mr.target_branch}`, before: target, after: outcome.commit }], 'merge');
  return { commit: outcome.commit, squashed, fastForward: outcome.commit === (squashed ?? head) };
}

async function removeSourceBranch(deps: Deps, user: UserPrincipal, found: MergingContext, head: string): Promise<void> {
  const { mergeRequest: mr, context } = found;
  if (mr.source_branch === context.project.default_branch) return;
  try {
    await applyRefUpdates(deps, user, found, [{ ref: `refs/heads/${mr.source_branch}`, before: head, after: null }]);
  } catch (error) {
    deps.log.warn({ err: error, projectId: context.project.id, iid: mr.iid }, 'merged, but the source branch stays');
  }
}

/**
 * PUT /projects/:id/merge_requests/:iid/merge: the caller needs push rights and, on a protected
 * target, its merge level (else 401); the request must be open, no draft, without conflicts, and
 * for `ff`/`rebase_merge` on the target's tip (else 405); `sha` must be the source's head (409).
 * The merge request is locked while its commit is built in the bare repository and the target moves
 * from the tip it was built on; when another writer moved the target first, it is rebuilt on the new
 * tip, or refused (422) when it no longer merges; a lock left by a merge that died is released
 * (releaseStaleMergeLock) so a retry merges. Then it is merged (event `accepted`), and the
 * source branch removed when asked.
 */
export async function mergeMergeRequest(deps: Deps, actor: Principal, input: MergeInput): Promise<MergeRequestRow> {
  return mergeFoundMergeRequest(deps, actor, await findMergingContext(deps, actor, input), input);
}

/** mergeMergeRequest for a merge request already found. */
export async function mergeFoundMergeRequest(deps: Deps, actor: Principal, found: MergingContext, input: MergeInput): Promise<MergeRequestRow> {
  const user = requireUser(actor);
  const { context, repositoryDir } = found;
  if (!(await mayMergeInto(deps, user, context, found.mergeRequest.target_branch))) throw notPermitted('merge_merge_request');
  const unlocked = await releaseStaleMergeLock(deps, user, repositoryDir, found.mergeRequest);
  const mr = await refreshMergeRequest(deps.db, repositoryDir, unlocked);
  if (!isMergeable(mr) || mr.head_sha === null) throw NOT_ALLOWED();
  // Fast-forward and semi-linear merges need the source on the target's tip (a squash too: it sits on the merge base).
  if (context.project.merge_method !== 'merge' && mr.base_sha !== mr.start_sha) throw NOT_ALLOWED();
  if (input.sha !== undefined && input.sha !== mr.head_sha) throw shaMismatch(mr.head_sha);
  const head = mr.head_sha;
  // The lock's time is its updated_at (GitLab's lock_mr touches it too): a lock left by a dead process goes stale.
  const lockedAt = deps.clock.now().toISOString();
  const locked = await deps.db.updateTable('merge_requests').set({ state: 'locked', updated_at: lockedAt }).where('id', '=', mr.id).where('state', '=', 'opened').executeTakeFirst();
  if (Number(locked.numUpdatedRows) !== 1) throw NOT_ALLOWED();
  const merging = { ...found, mergeRequest: mr };
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        const done = await mergeOnce(deps, user, merging, input, head);
        const merged = await markMerged(deps, user, mr, {
          from: 'locked',
          mergeUserId: user.user.id,
          mergeCommitSha: done.fastForward ? null : done.commit,
          squashCommitSha: done.squashed,
        });
        if (input.shouldRemoveSourceBranch ?? mr.force_remove_source_branch === 1) await removeSourceBranch(deps, user, merging, head);
        return merged ?? mr;
      } catch (error) {
        if (!(error instanceof RefMovedError) || attempt >= ATTEMPTS) throw error;
      }
    }
  } finally {
    await deps.db.updateTable('merge_requests').set({ state: 'opened' }).where('id', '=', mr.id).where('state', '=', 'locked').execute();
  }
}
