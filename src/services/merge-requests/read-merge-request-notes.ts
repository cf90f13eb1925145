import type { Principal } from '../../domain/principal.ts';
import type { Page, Paged } from '../../db/pagination.ts';
import { pageMergeRequestNotes } from '../../db/repositories/merge-request-notes.ts';
import type { MergeRequestNoteRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { findMergeRequestInProject } from './merge-request-context.ts';
import { findNoteOf, withPeople, type MergeRequestNotesShown, type NoteTarget } from './merge-request-note-rules.ts';

/** GET /projects/:id/merge_requests/:iid/notes: its comments, a page at a time, in GitLab's order (newest first by default). */
export async function listMergeRequestNotes(
  deps: Deps,
  actor: Principal,
  input: NoteTarget & { order: { by: 'created_at' | 'updated_at'; direction: 'asc' | 'desc' }; page: Page },
): Promise<MergeRequestNotesShown & { page: Paged<MergeRequestNoteRow> }> {
  const { mergeRequest } = await findMergeRequestInProject(deps, actor, input.project, input.iid, 'read');
  const page = await pageMergeRequestNotes(deps.db, mergeRequest.id, input.order, input.page);
  return { ...(await withPeople(deps, mergeRequest, page.items)), page };
}

/** GET /projects/:id/merge_requests/:iid/notes/:note_id. */
export async function getMergeRequestNote(deps: Deps, actor: Principal, input: NoteTarget & { noteId: number }): Promise<MergeRequestNotesShown> {
  const { mergeRequest } = await findMergeRequestInProject(deps, actor, input.project, input.iid, 'read');
  return withPeople(deps, mergeRequest, [await findNoteOf(deps, mergeRequest, input.noteId)]);
}
