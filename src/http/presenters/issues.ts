import type { IssueRow, NoteRow, UserRow } from '../../db/schema.ts';
import { presentAuthor } from './users.ts';

export function presentIssue(issue: IssueRow, users: Map<number, UserRow>, base: { url: string; projectWebUrl: string }, notesCount: number) {
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
    closed_by: issue.closed_by_id === null ? null : presentAuthor(users, issue.closed_by_id, base.url),
    labels: [],
    milestone: null,
    assignees: [],
    assignee: null,
    author: presentAuthor(users, issue.author_id, base.url),
    type: 'ISSUE',
    user_notes_count: notesCount,
    upvotes: 0,
    downvotes: 0,
    confidential: false,
    web_url: `${base.projectWebUrl}/-/issues/${issue.iid}`,
    references: { short: `#${issue.iid}` },
  };
}

export function presentNote(note: NoteRow, issue: IssueRow, users: Map<number, UserRow>, baseUrl: string) {
  return {
    id: note.id,
    type: null,
    body: note.body,
    author: presentAuthor(users, note.author_id, baseUrl),
    created_at: note.created_at,
    updated_at: note.updated_at,
    system: false,
    noteable_id: issue.id,
    noteable_type: 'Issue',
    noteable_iid: issue.iid,
    project_id: note.project_id,
    resolvable: false,
    confidential: false,
    internal: false,
  };
}
