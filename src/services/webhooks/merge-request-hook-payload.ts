import type { Db } from '../../db/database.ts';
import { labelsOfMergeRequests } from '../../db/repositories/merge-request-labels.ts';
import { peopleOfMergeRequests } from '../../db/repositories/merge-request-people.ts';
import { findUsersByIds } from '../../db/repositories/users.ts';
import type { LabelRow, MergeRequestRow, WebhookRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { logCommit } from '../../git/log.ts';
import { isDraftTitle } from '../merge-requests/merge-request-rules.ts';
import { queueHookEvent } from './queue-hook-event.ts';
import {
  changeOf,
  hookCommitAttrs,
  hookLabelAttrs,
  hookProjectAttrs,
  hookRepositoryAttrs,
  hookUserAttrs,
  isoTime,
  labelsChange,
  loadHookProject,
  utcText,
  type HookProject,
  type HookUser,
} from './hook-parts.ts';

export type MergeRequestHookAction = 'open' | 'close' | 'reopen' | 'update' | 'approved' | 'unapproved' | 'merge';

const STATE_IDS = { opened: 1, closed: 2, merged: 3, locked: 4 } as const;

function detailedStatus(mr: MergeRequestRow): string {
  if (mr.state !== 'opened' && mr.state !== 'locked') return 'not_open';
  if (isDraftTitle(mr.title)) return 'draft_status';
  if (mr.merge_status === 'unchecked') return 'checking';
  if (mr.has_conflicts) return 'conflict';
  if (mr.merge_status === 'cannot_be_merged') return 'broken_status';
  return 'mergeable';
}

/** What a merge request's hook attributes read besides its row: labels, assignees, reviewers. */
export interface MergeRequestLinksRead {
  labels: LabelRow[];
  assigneeIds: number[];
  reviewerIds: number[];
}

export async function readMergeRequestLinks(db: Db, mergeRequestId: number): Promise<MergeRequestLinksRead> {
  const [labels, assignees, reviewers] = await Promise.all([
    labelsOfMergeRequests(db, [mergeRequestId]),
    peopleOfMergeRequests(db, 'merge_request_assignees', [mergeRequestId]),
    peopleOfMergeRequests(db, 'merge_request_reviewers', [mergeRequestId]),
  ]);
  return { labels: labels.get(mergeRequestId) ?? [], assigneeIds: assignees.get(mergeRequestId) ?? [], reviewerIds: reviewers.get(mergeRequestId) ?? [] };
}

/** GitLab's MergeRequest#hook_attrs (object_attributes without `action`; the `merge_request` of a note hook). */
export async function mergeRequestHookAttrs(p: HookProject, mr: MergeRequestRow, links: MergeRequestLinksRead) {
  const head = mr.head_sha === null ? null : await logCommit(p.repositoryDir, mr.head_sha);
  const projectAttrs = hookProjectAttrs(p);
  return {
    assignee_id: links.assigneeIds[0] ?? null,
    author_id: mr.author_id,
    created_at: isoTime(mr.created_at),
    description: mr.description,
    draft: isDraftTitle(mr.title),
    head_pipeline_id: null,
    id: mr.id,
    iid: mr.iid,
    last_edited_at: null,
    last_edited_by_id: null,
    merge_commit_sha: mr.merge_commit_sha,
    merge_error: mr.merge_error,
    merge_params: { force_remove_source_branch: mr.force_remove_source_branch === 1 ? '1' : '0' },
    merge_status: mr.merge_status,
    merge_user_id: mr.merge_user_id,
    merge_when_pipeline_succeeds: false,
    milestone_id: null,
    source_branch: mr.source_branch,
    source_project_id: mr.project_id,
    state_id: STATE_IDS[mr.state],
    target_branch: mr.target_branch,
    target_project_id: mr.project_id,
    time_estimate: 0,
    title: mr.title,
    updated_at: isoTime(mr.updated_at),
    updated_by_id: mr.updated_by_id,
    prepared_at: isoTime(mr.created_at),
    assignee_ids: links.assigneeIds,
    blocking_discussions_resolved: true,
    detailed_merge_status: detailedStatus(mr),
    first_contribution: false,
    human_time_change: null,
    human_time_estimate: null,
    human_total_time_spent: null,
    labels: links.labels.map(hookLabelAttrs),
    last_commit: head === null ? null : hookCommitAttrs(p, head.commit),
    reviewer_ids: links.reviewerIds,
    source: projectAttrs,
    state: mr.state,
    target: projectAttrs,
    time_change: 0,
    total_time_spent: 0,
    url: `${p.webUrl}/-/merge_requests/${mr.iid}`,
    work_in_progress: isDraftTitle(mr.title),
  };
}

function mergeRequestChanges(before: MergeRequestRow | undefined, after: MergeRequestRow, linksBefore: MergeRequestLinksRead | undefined, linksAfter: MergeRequestLinksRead) {
  if (!before) return {};
  const changes: Record<string, { previous: unknown; current: unknown }> = {};
  for (const field of ['title', 'description', 'target_branch', 'merge_status', 'merge_commit_sha', 'updated_by_id'] as const) {
    if (before[field] !== after[field]) changes[field] = changeOf(before[field], after[field]);
  }
  if (before.state !== after.state) changes.state_id = changeOf(STATE_IDS[before.state], STATE_IDS[after.state]);
  if (isDraftTitle(before.title) !== isDraftTitle(after.title)) changes.draft = changeOf(isDraftTitle(before.title), isDraftTitle(after.title));
  if (linksBefore) {
    const ids = (list: number[]) => [...list].sort((a, b) => a - b).join(',');
    Object.assign(changes, labelsChange(linksBefore.labels, linksAfter.labels));
    if (ids(linksBefore.assigneeIds) !== ids(linksAfter.assigneeIds)) changes.assignees = changeOf(linksBefore.assigneeIds, linksAfter.assigneeIds);
    if (ids(linksBefore.reviewerIds) !== ids(linksAfter.reviewerIds)) changes.reviewers = changeOf(linksBefore.reviewerIds, linksAfter.reviewerIds);
  }
  if (before.updated_at !== after.updated_at) changes.updated_at = changeOf(utcText(before.updated_at), utcText(after.updated_at));
  return changes;
}

export interface MergeRequestHookInput {
  actor: HookUser;
  action: MergeRequestHookAction;
  mergeRequest: MergeRequestRow;
  /** The row before an update, for `changes`. */
  before?: MergeRequestRow;
  /** Its labels and people before an update. */
  linksBefore?: MergeRequestLinksRead;
  /** The source branch's previous tip, when a push moved it (GitLab's `oldrev`). */
  oldrev?: string;
}

/** GitLab's Merge Request Hook body (Gitlab::HookData::MergeRequestBuilder), read inside the change's transaction. */
export async function buildMergeRequestHookPayload(trx: Db, deps: Deps, input: MergeRequestHookInput): Promise<unknown> {
  const mr = input.mergeRequest;
  const [project, links] = await Promise.all([loadHookProject(trx, deps.config, mr.project_id), readMergeRequestLinks(trx, mr.id)]);
  const people = await findUsersByIds(trx, [...links.assigneeIds, ...links.reviewerIds]);
  const usersOf = (ids: number[]) => ids.flatMap((id) => (people.has(id) ? [hookUserAttrs(people.get(id)!)] : []));
  return {
    object_kind: 'merge_request',
    event_type: 'merge_request',
    user: hookUserAttrs(input.actor),
    project: hookProjectAttrs(project),
    object_attributes: {
      ...(await mergeRequestHookAttrs(project, mr, links)),
      action: input.action,
      ...(input.oldrev !== undefined && { oldrev: input.oldrev }),
    },
    labels: links.labels.map(hookLabelAttrs),
    changes: mergeRequestChanges(input.before, mr, input.linksBefore, links),
    repository: hookRepositoryAttrs(project),
    ...(links.assigneeIds.length > 0 && { assignees: usersOf(links.assigneeIds) }),
    ...(links.reviewerIds.length > 0 && { reviewers: usersOf(links.reviewerIds) }),
  };
}

/** The merge request hooks of a change, in its transaction (to `hooks` when read already). */
export async function queueMergeRequestHook(trx: Db, deps: Deps, input: MergeRequestHookInput, hooks?: WebhookRow[]): Promise<void> {
  await queueHookEvent(trx, deps, {
    ...(hooks && { hooks }),
    projectId: input.mergeRequest.project_id,
    trigger: 'merge_requests_events',
    event: 'Merge Request Hook',
    body: () => buildMergeRequestHookPayload(trx, deps, input),
  });
}
