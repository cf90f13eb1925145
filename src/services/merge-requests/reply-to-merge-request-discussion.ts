import type { Principal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import { findCommentableMergeRequest, findDiscussionOf, withPeople, writeNote, type MergeRequestNotesShown, type NoteTarget } from './merge-request-note-rules.ts';

/**
 * POST /projects/:id/merge_requests/:iid/discussions/:discussion_id/notes: a reply. Replying to a
 * plain comment turns it into a thread, as GitLab does (its note becomes a resolvable DiscussionNote).
 */
export async function replyToMergeRequestDiscussion(
  deps: Deps,
  actor: Principal,
  input: NoteTarget & { discussionId: string; body: string },
): Promise<MergeRequestNotesShown> {
  const found = await findCommentableMergeRequest(deps, actor, input);
  const thread = await findDiscussionOf(deps, found.mergeRequest, input.discussionId);
  const promote = thread.filter((n) => n.resolvable === 0 && n.system === 0).map((n) => n.id);
  const note = await writeNote(deps, actor, found, { body: input.body, discussionId: input.discussionId, resolvable: true, promote });
  return withPeople(deps, found.mergeRequest, [note]);
}
