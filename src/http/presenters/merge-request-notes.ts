import type { MergeRequestNoteRow, MergeRequestRow, UserRow } from '../../db/schema.ts';
import { presentAuthor } from './users.ts';

/**
 * GitLab's Note entity for a comment on a merge request: `type` null for a plain comment,
 * "DiscussionNote" in a thread; `resolved`, `resolved_by` and `resolved_at` only on resolvable notes.
 */
export function presentMergeRequestNote(note: MergeRequestNoteRow, mergeRequest: MergeRequestRow, users: Map<number, UserRow>, baseUrl: string) {
  const resolvable = note.resolvable === 1;
  return {
    id: note.id,
    type: resolvable ? 'DiscussionNote' : null,
    body: note.body,
    attachment: null,
    author: presentAuthor(users, note.author_id, baseUrl),
    created_at: note.created_at,
    updated_at: note.updated_at,
    system: note.system === 1,
    noteable_id: mergeRequest.id,
    noteable_type: 'MergeRequest',
    project_id: note.project_id,
    resolvable,
    ...(resolvable && {
      resolved: note.resolved_at !== null,
      resolved_by: note.resolved_by_id === null ? null : presentAuthor(users, note.resolved_by_id, baseUrl),
      resolved_at: note.resolved_at,
    }),
    confidential: false,
    internal: false,
    imported: false,
    imported_from: 'none',
    noteable_iid: mergeRequest.iid,
    commands_changes: {},
  };
}

/** GitLab's Discussion entity: a thread (or a plain comment's own discussion, `individual_note: true`). */
export function presentMergeRequestDiscussion(id: string, notes: MergeRequestNoteRow[], mergeRequest: MergeRequestRow, users: Map<number, UserRow>, baseUrl: string) {
  return {
    id,
    individual_note: notes.every((note) => note.resolvable === 0),
    notes: notes.map((note) => presentMergeRequestNote(note, mergeRequest, users, baseUrl)),
  };
}
