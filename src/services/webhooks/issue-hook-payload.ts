import type { Db } from '../../db/database.ts';
import { labelsOfIssues } from '../../db/repositories/labels.ts';
import type { IssueRow, LabelRow, WebhookRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { queueHookEvent, subscribedHooks } from './queue-hook-event.ts';
import {
  changeOf,
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

export type IssueHookAction = 'open' | 'close' | 'reopen' | 'update';

const ISSUE_STATE_IDS = { opened: 1, closed: 2 } as const;

/** GitLab's Issue#hook_attrs (object_attributes without `action`; the `issue` of a note hook). */
export function issueHookAttrs(p: HookProject, issue: IssueRow, labels: LabelRow[]) {
  return {
    author_id: issue.author_id,
    closed_at: isoTime(issue.closed_at),
    confidential: false,
    created_at: isoTime(issue.created_at),
    description: issue.description,
    discussion_locked: null,
    due_date: null,
    id: issue.id,
    iid: issue.iid,
    last_edited_at: null,
    last_edited_by_id: null,
    milestone_id: null,
    moved_to_id: null,
    duplicated_to_id: null,
    project_id: issue.project_id,
    relative_position: null,
    state_id: ISSUE_STATE_IDS[issue.state],
    time_estimate: 0,
    title: issue.title,
    updated_at: isoTime(issue.updated_at),
    updated_by_id: issue.updated_by_id,
    type: 'Issue',
    url: `${p.webUrl}/-/issues/${issue.iid}`,
    total_time_spent: 0,
    time_change: 0,
    human_total_time_spent: null,
    human_time_change: null,
    human_time_estimate: null,
    assignee_ids: [],
    assignee_id: null,
    labels: labels.map(hookLabelAttrs),
    state: issue.state,
    severity: 'unknown',
  };
}

/** GitLab's `changes` of an issue update: previous and current of each field that moved. */
function issueChanges(before: IssueRow | undefined, after: IssueRow, labelsBefore: LabelRow[] | undefined, labelsAfter: LabelRow[]) {
  if (!before) return {};
  const changes: Record<string, { previous: unknown; current: unknown }> = {};
  if (before.title !== after.title) changes.title = changeOf(before.title, after.title);
  if (before.description !== after.description) changes.description = changeOf(before.description, after.description);
  if (before.state !== after.state) {
    changes.state_id = changeOf(ISSUE_STATE_IDS[before.state], ISSUE_STATE_IDS[after.state]);
    changes.closed_at = changeOf(utcText(before.closed_at), utcText(after.closed_at));
  }
  if (labelsBefore) Object.assign(changes, labelsChange(labelsBefore, labelsAfter));
  if (before.updated_by_id !== after.updated_by_id) changes.updated_by_id = changeOf(before.updated_by_id, after.updated_by_id);
  if (before.updated_at !== after.updated_at) changes.updated_at = changeOf(utcText(before.updated_at), utcText(after.updated_at));
  return changes;
}

export interface IssueHookInput {
  actor: HookUser;
  action: IssueHookAction;
  issue: IssueRow;
  /** The issue before an update, for `changes`. */
  before?: IssueRow;
  /** Its labels before an update, when the update could change them. */
  labelsBefore?: LabelRow[];
}

/** GitLab's Issue Hook body (Gitlab::HookData::IssueBuilder), read inside the change's transaction. */
export async function buildIssueHookPayload(trx: Db, deps: Deps, input: IssueHookInput): Promise<unknown> {
  const [project, labelMap] = await Promise.all([loadHookProject(trx, deps.config, input.issue.project_id), labelsOfIssues(trx, [input.issue.id])]);
  const labels = labelMap.get(input.issue.id) ?? [];
  return {
    object_kind: 'issue',
    event_type: 'issue',
    user: hookUserAttrs(input.actor),
    project: hookProjectAttrs(project),
    object_attributes: { ...issueHookAttrs(project, input.issue, labels), action: input.action },
    labels: labels.map(hookLabelAttrs),
    changes: issueChanges(input.before, input.issue, input.labelsBefore, labels),
    repository: hookRepositoryAttrs(project),
  };
}

/** The issue hooks of a change, in its transaction (to `hooks` when read already by issueHooksOf). */
export async function queueIssueHook(trx: Db, deps: Deps, input: IssueHookInput, hooks?: WebhookRow[]): Promise<void> {
  await queueHookEvent(trx, deps, {
    ...(hooks && { hooks }),
    projectId: input.issue.project_id,
    trigger: 'issues_events',
    event: 'Issue Hook',
    body: () => buildIssueHookPayload(trx, deps, input),
  });
}

/** Whether a change of this project's issues has hooks to tell: read first, so an update reads its labels before only then. */
export function issueHooksOf(trx: Db, projectId: number) {
  return subscribedHooks(trx, { projectId, trigger: 'issues_events' });
}
