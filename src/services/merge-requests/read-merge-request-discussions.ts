import type { Principal } from '../../domain/principal.ts';
import { pageOfList, type Page, type Paged } from '../../db/pagination.ts';
import { notesOfMergeRequest } from '../../db/repositories/merge-request-notes.ts';
import type { MergeRequestNoteRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { findMergeRequestInProject } from './merge-request-context.ts';
import { findDiscussionOf, withPeople, type MergeRequestNotesShown, type NoteTarget } from './merge-request-note-rules.ts';

/** A discussion: its id and its notes, oldest first. */
export interface DiscussionRows {
  id: string;
  notes: MergeRequestNoteRow[];
}

/** Notes grouped by discussion, the discussions in the order of their first note. */
function groupByDiscussion(notes: MergeRequestNoteRow[]): DiscussionRows[] {
  const byId = new Map<string, MergeRequestNoteRow[]>();
  for (const note of notes) {
    if (note.system === 1) continue;
    const thread = byId.get(note.discussion_id);
    if (thread) thread.push(note);
    else byId.set(note.discussion_id, [note]);
  }
  return [...byId].map(([id, thread]) => ({ id, notes: thread }));
}

/** GET /projects/:id/merge_requests/:iid/discussions: its threads and plain comments, oldest first, a page at a time. */
export async function listMergeRequestDiscussions(
  deps: Deps,
  actor: Principal,
  input: NoteTarget & { page: Page },
): Promise<MergeRequestNotesShown & { discussions: Paged<DiscussionRows> }> {
  const { mergeRequest } = await findMergeRequestInProject(deps, actor, input.project, input.iid, 'read');
  const discussions = pageOfList(groupByDiscussion(await notesOfMergeRequest(deps.db, mergeRequest.id)), input.page);
  return { ...(await withPeople(deps, mergeRequest, discussions.items.flatMap((d) => d.notes))), discussions };
}

/** GET /projects/:id/merge_requests/:iid/discussions/:discussion_id. */
export async function getMergeRequestDiscussion(deps: Deps, actor: Principal, input: NoteTarget & { discussionId: string }): Promise<MergeRequestNotesShown> {
  const { mergeRequest } = await findMergeRequestInProject(deps, actor, input.project, input.iid, 'read');
  return withPeople(deps, mergeRequest, await findDiscussionOf(deps, mergeRequest, input.discussionId));
}
