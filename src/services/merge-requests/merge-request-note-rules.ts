import { queueNoteHook } from '../webhooks/note-hook-payload.ts';
import { randomBytes } from 'node:crypto';
import { fieldErrors, notFound, notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { AccessLevel } from '../../domain/access-levels.ts';
import { insertEvent } from '../../db/repositories/events.ts';
import { findMergeRequestNote, insertMergeRequestNote, notesOfDiscussion, updateMergeRequestNoteRow } from '../../db/repositories/merge-request-notes.ts';
import { findUsersByIds } from '../../db/repositories/users.ts';
import type { MergeRequestNoteRow, MergeRequestRow, UserRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { canCommentOnMergeRequest } from '../../policies/merge-request-policies.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { MAX_TEXT } from '../issues/issue-rules.ts';
import { findMergeRequestInProject, mergeRequestNotFound, type MergeRequestContext } from './merge-request-context.ts';

/** Notes as the API shows them: the rows, their merge request and the people they name. */
export interface MergeRequestNotesShown {
  mergeRequest: MergeRequestRow;
  notes: MergeRequestNoteRow[];
  users: Map<number, UserRow>;
}

export interface NoteTarget {
  project: ProjectRef;
  iid: number;
}

/** A new discussion id: 40 hex digits, as GitLab's. */
export const newDiscussionId = (): string => randomBytes(20).toString('hex');

export async function withPeople(deps: Deps, mergeRequest: MergeRequestRow, notes: MergeRequestNoteRow[]): Promise<MergeRequestNotesShown> {
  const ids = notes.flatMap((note) => [note.author_id, note.resolved_by_id]).filter((id): id is number => id !== null);
  return { mergeRequest, notes, users: await findUsersByIds(deps.db, [...new Set(ids)]) };
}

/** The body of a note: not blank, at most GitLab's 1,000,000 characters. */
export function checkNoteBody(body: string): void {
  if (body.trim().length === 0) throw fieldErrors({ note: ["can't be blank"] });
  if (body.length > MAX_TEXT) throw fieldErrors({ note: [`is too long (maximum is ${MAX_TEXT} characters)`] });
}

/**
 * The merge request the caller may comment on: they read it, and on a locked discussion they are
 * a member of the project (GitLab's IssuablePolicy keeps non-members out of locked threads).
 */
export async function findCommentableMergeRequest(deps: Deps, actor: Principal, target: NoteTarget): Promise<MergeRequestContext> {
  const found = await findMergeRequestInProject(deps, actor, target.project, target.iid, 'read');
  if (!canCommentOnMergeRequest(found.context.facts)) throw notPermitted('create_merge_request_note');
  if (found.mergeRequest.discussion_locked === 1 && found.context.facts.level < AccessLevel.Guest) throw notPermitted('create_merge_request_note');
  return found;
}

/** Writes a comment and its `commented on` event in one transaction (with `promote`: the plain notes its reply turns into a thread). */
export async function writeNote(
  deps: Deps,
  actor: Principal,
  found: MergeRequestContext,
  input: { body: string; discussionId: string; resolvable: boolean; promote?: number[] },
): Promise<MergeRequestNoteRow> {
  const { user } = requireUser(actor);
  checkNoteBody(input.body);
  const { mergeRequest, context } = found;
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const note = await insertMergeRequestNote(trx, {
      project_id: context.project.id,
      merge_request_id: mergeRequest.id,
      discussion_id: input.discussionId,
      body: input.body,
      author_id: user.id,
      resolvable: input.resolvable ? 1 : 0,
      resolved_by_id: null,
      resolved_at: null,
      created_at: now,
      updated_at: now,
    });
    for (const id of input.promote ?? []) await updateMergeRequestNoteRow(trx, id, { resolvable: 1 });
    await insertEvent(trx, {
      project_id: context.project.id,
      author_id: user.id,
      action_name: 'commented on',
      target_type: 'Note',
      target_id: note.id,
      target_iid: note.id,
      target_title: mergeRequest.title,
      data: JSON.stringify({ noteable_type: 'MergeRequest', noteable_id: mergeRequest.id, noteable_iid: mergeRequest.iid }),
      created_at: now,
    });
    await queueNoteHook(trx, deps, { actor: user, noteableType: 'MergeRequest', note, mergeRequest });
    return note;
  });
}

/**
 * A note of the merge request (of its discussion `discussionId` when given): GitLab's
 * `404 Discussion Not Found` for a missing discussion, `404 Not found` for a missing note.
 */
export async function findNoteOf(deps: Deps, mergeRequest: MergeRequestRow, noteId: number, discussionId?: string): Promise<MergeRequestNoteRow> {
  if (discussionId !== undefined) await findDiscussionOf(deps, mergeRequest, discussionId);
  const note = await findMergeRequestNote(deps.db, mergeRequest.id, noteId);
  if (!note || note.system === 1 || (discussionId !== undefined && note.discussion_id !== discussionId)) throw mergeRequestNotFound();
  return note;
}

/** The notes of one discussion of the merge request, or GitLab's `404 Discussion Not Found`. */
export async function findDiscussionOf(deps: Deps, mergeRequest: MergeRequestRow, discussionId: string): Promise<MergeRequestNoteRow[]> {
  const notes = /^[0-9a-f]{40}$/.test(discussionId) ? await notesOfDiscussion(deps.db, mergeRequest.id, discussionId) : [];
  if (notes.length === 0) throw notFound('Discussion');
  return notes;
}
