import { notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { deleteMergeRequestNoteRow } from '../../db/repositories/merge-request-notes.ts';
import type { Deps } from '../../deps.ts';
import { canDeleteMergeRequestNote } from '../../policies/merge-request-policies.ts';
import { findMergeRequestInProject } from './merge-request-context.ts';
import { findNoteOf, type NoteTarget } from './merge-request-note-rules.ts';

/** DELETE .../notes/:note_id (and .../discussions/:discussion_id/notes/:note_id): the note's author, or Maintainers. */
export async function deleteMergeRequestNote(deps: Deps, actor: Principal, input: NoteTarget & { noteId: number; discussionId?: string }): Promise<void> {
  const { context, mergeRequest } = await findMergeRequestInProject(deps, actor, input.project, input.iid, 'read');
  const note = await findNoteOf(deps, mergeRequest, input.noteId, input.discussionId);
  if (!canDeleteMergeRequestNote(context.facts, note.author_id)) throw notPermitted('delete_merge_request_note');
  await deleteMergeRequestNoteRow(deps.db, note.id);
}
