import { fullPathOf } from '../../domain/project-ref.ts';
import { taskCompletion } from '../../domain/task-list.ts';
import type { MergeRequestRow } from '../../db/schema.ts';
import { isDraftTitle } from '../../services/merge-requests/merge-request-rules.ts';
import type { MergeRequestView } from '../../services/merge-requests/merge-request-view.ts';
import type { MergeRequestShown } from '../../services/merge-requests/show-merge-request.ts';
import { presentLabelBasic } from './labels.ts';
import { presentPipeline, presentPipelineBasic } from './pipelines.ts';
import { presentAuthor } from './users.ts';

export interface MergeRequestListOptions {
  withLabelsDetails?: boolean;
}

/**
 * GitLab's detailed_merge_status, from what Latchkey knows: not open, draft, still being checked,
 * conflicts, a missing branch, unresolved discussions, else mergeable.
 */
export function detailedMergeStatus(mr: MergeRequestRow, unresolved: number): string {
  if (mr.state !== 'opened' && mr.state !== 'locked') return 'not_open';
  if (isDraftTitle(mr.title)) return 'draft_status';
  if (mr.merge_status === 'unchecked') return 'checking';
  if (mr.has_conflicts) return 'conflict';
  if (mr.merge_status === 'cannot_be_merged') return 'broken_status';
  if (unresolved > 0) return 'discussions_not_resolved';
  return 'mergeable';
}

const webUrlOf = (view: MergeRequestView, mr: MergeRequestRow, baseUrl: string): string => `${baseUrl}/${projectPathOf(view, mr)}/-/merge_requests/${mr.iid}`;

function projectPathOf(view: MergeRequestView, mr: MergeRequestRow): string {
  const project = view.projects.get(mr.project_id);
  return project ? fullPathOf(project) : '';
}

/** `view=simple` of the list. */
export function presentMergeRequestSimple(mr: MergeRequestRow, view: MergeRequestView, baseUrl: string) {
  return {
    id: mr.id,
    iid: mr.iid,
    project_id: mr.project_id,
    title: mr.title,
    description: mr.description,
    state: mr.state,
    created_at: mr.created_at,
    updated_at: mr.updated_at,
    web_url: webUrlOf(view, mr, baseUrl),
  };
}

/**
 * GitLab's MergeRequestBasic entity (lists). What Latchkey has no counterpart for (milestones,
 * votes, time tracking, auto-merge, imports) carries the value GitLab gives a merge request without it.
 */
export function presentMergeRequestBasic(mr: MergeRequestRow, view: MergeRequestView, baseUrl: string, options: MergeRequestListOptions = {}) {
  const projectPath = projectPathOf(view, mr);
  const labels = view.labels.get(mr.id) ?? [];
  const assignees = (view.assignees.get(mr.id) ?? []).map((id) => presentAuthor(view.users, id, baseUrl)).filter((user) => user !== null);
  const reviewers = (view.reviewers.get(mr.id) ?? []).map((id) => presentAuthor(view.users, id, baseUrl)).filter((user) => user !== null);
  const mergeUser = mr.merge_user_id === null ? null : presentAuthor(view.users, mr.merge_user_id, baseUrl);
  const draft = isDraftTitle(mr.title);
  const project = view.projects.get(mr.project_id)?.project;
  const unresolved = view.unresolvedCount.get(mr.id) ?? 0;
  return {
    ...presentMergeRequestSimple(mr, view, baseUrl),
    merged_by: mr.state === 'merged' ? mergeUser : null,
    merge_user: mergeUser,
    merged_at: mr.merged_at,
    merge_after: null,
    prepared_at: mr.created_at,
    closed_by: mr.closed_by_id === null ? null : presentAuthor(view.users, mr.closed_by_id, baseUrl),
    closed_at: mr.closed_at,
    target_branch: mr.target_branch,
    source_branch: mr.source_branch,
    user_notes_count: view.notesCount.get(mr.id) ?? 0,
    upvotes: 0,
    downvotes: 0,
    author: presentAuthor(view.users, mr.author_id, baseUrl),
    assignees,
    assignee: assignees[0] ?? null,
    reviewers,
    source_project_id: mr.project_id,
    target_project_id: mr.project_id,
    labels: options.withLabelsDetails ? labels.map(presentLabelBasic) : labels.map((label) => label.name),
    draft,
    imported: false,
    imported_from: 'none',
    work_in_progress: draft,
    milestone: null,
    merge_when_pipeline_succeeds: false,
    merge_status: mr.merge_status,
    detailed_merge_status: detailedMergeStatus(mr, unresolved),
    sha: mr.head_sha,
    merge_commit_sha: mr.merge_commit_sha,
    squash_commit_sha: mr.squash_commit_sha,
    discussion_locked: mr.discussion_locked === null ? null : mr.discussion_locked === 1,
    should_remove_source_branch: null,
    force_remove_source_branch: mr.force_remove_source_branch === 1,
    reference: `!${mr.iid}`,
    references: { short: `!${mr.iid}`, relative: `!${mr.iid}`, full: `${projectPath}!${mr.iid}` },
    time_stats: { time_estimate: 0, total_time_spent: 0, human_time_estimate: null, human_total_time_spent: null },
    squash: mr.squash === 1,
    squash_on_merge: mr.squash === 1 || project?.squash_option === 'always',
    task_completion_status: taskCompletion(mr.description),
    has_conflicts: mr.has_conflicts === 1,
    blocking_discussions_resolved: unresolved === 0,
    approvals_before_merge: null,
  };
}

/** GitLab's MergeRequest entity: one merge request on its own (get, create, update). */
export function presentMergeRequest(detail: MergeRequestShown, baseUrl: string, options: MergeRequestListOptions = {}) {
  const { mergeRequest: mr, view } = detail;
  return {
    ...presentMergeRequestBasic(mr, view, baseUrl, options),
    ...(view.subscribed && { subscribed: view.subscribed.has(mr.id) }),
    changes_count: detail.changesCount,
    latest_build_started_at: null,
    latest_build_finished_at: null,
    first_deployed_to_production_at: null,
    pipeline: detail.headPipeline && presentPipelineBasic(detail.headPipeline.pipeline, `${baseUrl}/${projectPathOf(view, mr)}`),
    head_pipeline: detail.headPipeline && presentPipeline({ ...detail.headPipeline, tag: false }, `${baseUrl}/${projectPathOf(view, mr)}`, baseUrl),
    diff_refs: mr.head_sha === null ? null : { base_sha: mr.base_sha, head_sha: mr.head_sha, start_sha: mr.start_sha },
    merge_error: mr.merge_error,
    ...(detail.rebaseInProgress !== undefined && { rebase_in_progress: detail.rebaseInProgress }),
    ...(detail.divergedCommitsCount !== undefined && { diverged_commits_count: detail.divergedCommitsCount }),
    first_contribution: false,
    user: { can_merge: detail.canMerge },
  };
}
