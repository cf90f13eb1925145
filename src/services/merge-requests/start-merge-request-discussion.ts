import type { Principal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import { findCommentableMergeRequest, newDiscussionId, withPeople, writeNote, type MergeRequestNotesShown, type NoteTarget } from './merge-request-note-rules.ts';

/** POST /projects/:id/merge_requests/:iid/discussions: a new thread (a resolvable DiscussionNote). */
export async function startMergeRequestDiscussion(deps: Deps, actor: Principal, input: NoteTarget & { body: string }): Promise<MergeRequestNotesShown> {
  const found = await findCommentableMergeRequest(deps, actor, input);
  const note = await writeNote(deps, actor, found, { body: input.body, discussionId: newDiscussionId(), resolvable: true });
  return withPeople(deps, found.mergeRequest, [note]);
}
