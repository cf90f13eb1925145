import type { IssueRow, NoteRow, UserRow } from '../../db/schema.ts';
import { presentAuthor } from './users.ts';

/** GitLab's Note entity, for a comment on an issue (Latchkey writes no system notes). */
export function presentNote(note: NoteRow, issue: IssueRow, users: Map<number, UserRow>, baseUrl: string) {
  return {
    id: note.id,
    type: null,
    body: note.body,
    attachment: null,
    author: presentAuthor(users, note.author_id, baseUrl),
    created_at: note.created_at,
    updated_at: note.updated_at,
    system: false,
    noteable_id: issue.id,
    noteable_type: 'Issue',
    project_id: note.project_id,
    resolvable: false,
    confidential: false,
    internal: false,
    imported: false,
    imported_from: 'none',
    noteable_iid: issue.iid,
    commands_changes: {},
  };
}
