import { notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { notesOfDiscussion, setDiscussionResolved } from '../../db/repositories/merge-request-notes.ts';
import type { Deps } from '../../deps.ts';
import { canResolveMergeRequestDiscussion } from '../../policies/merge-request-policies.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import { findMergeRequestInProject } from './merge-request-context.ts';
import { findDiscussionOf, withPeople, type MergeRequestNotesShown, type NoteTarget } from './merge-request-note-rules.ts';

/**
 * PUT /projects/:id/merge_requests/:iid/discussions/:discussion_id with `resolved`: resolves (or
 * unresolves) every resolvable note of the thread. Developers and the merge request's author may;
 * a plain comment's discussion is not resolvable (403, GitLab's `can_resolve?`).
 */
export async function resolveMergeRequestDiscussion(
  deps: Deps,
  actor: Principal,
  input: NoteTarget & { discussionId: string; resolved: boolean },
): Promise<MergeRequestNotesShown> {
  const { user } = requireUser(actor);
  const { context, mergeRequest } = await findMergeRequestInProject(deps, actor, input.project, input.iid, 'read');
  const thread = await findDiscussionOf(deps, mergeRequest, input.discussionId);
  if (!thread.some((note) => note.resolvable === 1) || !canResolveMergeRequestDiscussion(context.facts, mergeRequest.author_id)) {
    throw notPermitted('update_merge_request_note', 'Not permitted to resolve this discussion');
  }
  const now = deps.clock.now().toISOString();
  await setDiscussionResolved(deps.db, mergeRequest.id, input.discussionId, input.resolved ? user.id : null, input.resolved ? now : null);
  return withPeople(deps, mergeRequest, await notesOfDiscussion(deps.db, mergeRequest.id, input.discussionId));
}
