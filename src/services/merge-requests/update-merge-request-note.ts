import { notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { updateMergeRequestNoteRow } from '../../db/repositories/merge-request-notes.ts';
import type { Deps } from '../../deps.ts';
import { canEditMergeRequestNote, canResolveMergeRequestDiscussion } from '../../policies/merge-request-policies.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import { findMergeRequestInProject } from './merge-request-context.ts';
import { checkNoteBody, findNoteOf, withPeople, type MergeRequestNotesShown, type NoteTarget } from './merge-request-note-rules.ts';

/**
 * PUT .../notes/:note_id and PUT .../discussions/:discussion_id/notes/:note_id: a new body (its
 * author only, else 403), or `resolved` (a resolvable note, by Developers or the merge request's
 * author, else 403).
 */
export async function updateMergeRequestNote(
  deps: Deps,
  actor: Principal,
  input: NoteTarget & { noteId: number; discussionId?: string; change: { body: string } | { resolved: boolean } },
): Promise<MergeRequestNotesShown> {
  const { user } = requireUser(actor);
  const { context, mergeRequest } = await findMergeRequestInProject(deps, actor, input.project, input.iid, 'read');
  const note = await findNoteOf(deps, mergeRequest, input.noteId, input.discussionId);
  const now = deps.clock.now().toISOString();
  if ('body' in input.change) {
    if (!canEditMergeRequestNote(context.facts, note.author_id)) throw notPermitted('update_merge_request_note');
    checkNoteBody(input.change.body);
    const updated = await updateMergeRequestNoteRow(deps.db, note.id, { body: input.change.body, updated_at: now });
    return withPeople(deps, mergeRequest, [updated]);
  }
  if (note.resolvable === 0 || !canResolveMergeRequestDiscussion(context.facts, mergeRequest.author_id)) {
    throw notPermitted('update_merge_request_note', 'Not permitted to resolve this note');
  }
  const updated = await updateMergeRequestNoteRow(deps.db, note.id, input.change.resolved ? { resolved_by_id: user.id, resolved_at: now } : { resolved_by_id: null, resolved_at: null });
  return withPeople(deps, mergeRequest, [updated]);
}
