import type { Db } from '../../db/database.ts';
import { updateMergeRequestRow } from '../../db/repositories/merge-requests.ts';
import type { MergeRequestRow, MergeStatus } from '../../db/schema.ts';
import { resolveCommit } from '../../git/blobs.ts';
import { mergeBase, mergeTree } from '../../git/merge-tree.ts';

export interface MergeState {
  head_sha: string | null;
  start_sha: string | null;
  base_sha: string | null;
  merge_status: MergeStatus;
  has_conflicts: number;
}

/**
 * Where an open merge request stands in git now: its source tip (`sha`), the target tip
 * (`diff_refs.start_sha`), their merge base (`diff_refs.base_sha`), and whether the source merges
 * into the target without conflicts (computed in the bare repository, no working tree). A missing
 * branch or unrelated histories make it `cannot_be_merged`.
 */
export async function computeMergeState(repositoryDir: string, sourceBranch: string, targetBranch: string): Promise<MergeState> {
  const head = await resolveCommit(repositoryDir, `refs/heads/${sourceBranch}`);
  const start = await resolveCommit(repositoryDir, `refs/heads/${targetBranch}`);
  if (head === null || start === null) {
    return { head_sha: head, start_sha: start, base_sha: null, merge_status: 'cannot_be_merged', has_conflicts: 0 };
  }
  const base = await mergeBase(repositoryDir, start, head);
  if (base === null) return { head_sha: head, start_sha: start, base_sha: null, merge_status: 'cannot_be_merged', has_conflicts: 0 };
  const conflicts = base === head || base === start ? [] : (await mergeTree(repositoryDir, start, head)).conflicts;
  return {
    head_sha: head,
    start_sha: start,
    base_sha: base,
    merge_status: conflicts.length > 0 ? 'cannot_be_merged' : 'can_be_merged',
    has_conflicts: conflicts.length > 0 ? 1 : 0,
  };
}

/** Recomputes an open merge request's merge state and stores it when it changed; closed and merged ones stay as they were. */
export async function refreshMergeRequest(db: Db, repositoryDir: string, mergeRequest: MergeRequestRow): Promise<MergeRequestRow> {
  if (mergeRequest.state !== 'opened' && mergeRequest.state !== 'locked') return mergeRequest;
  const state = await computeMergeState(repositoryDir, mergeRequest.source_branch, mergeRequest.target_branch);
  const changed = (Object.keys(state) as (keyof MergeState)[]).some((key) => state[key] !== mergeRequest[key]);
  return changed ? updateMergeRequestRow(db, mergeRequest.id, state) : mergeRequest;
}
