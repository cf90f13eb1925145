import type { Principal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import { findCommentableMergeRequest, newDiscussionId, withPeople, writeNote, type MergeRequestNotesShown, type NoteTarget } from './merge-request-note-rules.ts';

/**
 * POST /projects/:id/merge_requests/:iid/notes: a plain comment (GitLab's `type: null`), alone in
 * its own individual discussion and not resolvable.
 */
export async function createMergeRequestNote(deps: Deps, actor: Principal, input: NoteTarget & { body: string }): Promise<MergeRequestNotesShown> {
  const found = await findCommentableMergeRequest(deps, actor, input);
  const note = await writeNote(deps, actor, found, { body: input.body, discussionId: newDiscussionId(), resolvable: false });
  return withPeople(deps, found.mergeRequest, [note]);
}
