import { fullPathOf } from '../../domain/project-ref.ts';
import type { IssueRow } from '../../db/schema.ts';
import { taskCompletion, taskStatus } from '../../domain/task-list.ts';
import type { IssueView } from '../../services/issues/issue-view.ts';
import { presentLabelBasic } from './labels.ts';
import { presentAuthor } from './users.ts';

/**
 * GitLab's Issue entity. What Latchkey does not have (milestones, assignees, votes, time tracking,
 * due dates, locks, moves, imports) is there with the value GitLab gives an issue without it.
 */
export function presentIssue(issue: IssueRow, view: IssueView, baseUrl: string, options: { withLabelsDetails?: boolean } = {}) {
  const projectPath = fullPathOf(view.project);
  const apiUrl = `${baseUrl}/api/v4/projects/${issue.project_id}`;
  const labels = view.labels.get(issue.id) ?? [];
  const tasks = taskCompletion(issue.description);
  return {
    id: issue.id,
    iid: issue.iid,
    project_id: issue.project_id,
    title: issue.title,
    description: issue.description,
    state: issue.state,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    closed_at: issue.closed_at,
    closed_by: issue.closed_by_id === null ? null : presentAuthor(view.users, issue.closed_by_id, baseUrl),
    labels: options.withLabelsDetails ? labels.map(presentLabelBasic) : labels.map((label) => label.name),
    milestone: null,
    assignees: [],
    author: presentAuthor(view.users, issue.author_id, baseUrl),
    type: 'ISSUE',
    assignee: null,
    user_notes_count: view.notesCount.get(issue.id) ?? 0,
    merge_requests_count: 0,
    upvotes: 0,
    downvotes: 0,
    due_date: null,
    confidential: false,
    discussion_locked: null,
    issue_type: 'issue',
    web_url: `${baseUrl}/${projectPath}/-/issues/${issue.iid}`,
    time_stats: { time_estimate: 0, total_time_spent: 0, human_time_estimate: null, human_total_time_spent: null },
    task_completion_status: tasks,
    has_tasks: tasks.count > 0,
    ...(tasks.count > 0 && { task_status: taskStatus(tasks) }),
    _links: {
      self: `${apiUrl}/issues/${issue.iid}`,
      notes: `${apiUrl}/issues/${issue.iid}/notes`,
      award_emoji: `${apiUrl}/issues/${issue.iid}/award_emoji`,
      project: apiUrl,
      closed_as_duplicate_of: null,
    },
    references: { short: `#${issue.iid}`, relative: `#${issue.iid}`, full: `${projectPath}#${issue.iid}` },
    severity: 'UNKNOWN',
    ...(view.subscribed && { subscribed: view.subscribed.has(issue.id) }),
    moved_to_id: null,
    imported: false,
    imported_from: 'none',
    service_desk_reply_to: null,
  };
}
