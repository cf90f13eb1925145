import { queueNoteHook } from '../webhooks/note-hook-payload.ts';
import { fieldErrors, notFound, notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { insertEvent } from '../../db/repositories/events.ts';
import { findIssue } from '../../db/repositories/issues.ts';
import { insertNote } from '../../db/repositories/notes.ts';
import { findUsersByIds } from '../../db/repositories/users.ts';
import type { IssueRow, NoteRow, UserRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import { canCreateNote } from '../../policies/project-policies.ts';
import { MAX_TEXT } from './issue-rules.ts';
import { findVisibleProject, type ProjectRef } from '../projects/project-context.ts';

export async function createIssueNote(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; iid: number; body: string },
): Promise<{ note: NoteRow; issue: IssueRow; authors: Map<number, UserRow> }> {
  const context = await findVisibleProject(deps, actor, input.project);
  const issue = await findIssue(deps.db, context.project.id, input.iid);
  if (!issue) throw notFound('Issue');
  const { user } = requireUser(actor);
  if (!canCreateNote(context.facts)) throw notPermitted('create_note');
  if (input.body.trim().length === 0) throw fieldErrors({ note: ["can't be blank"] });
  if (input.body.length > MAX_TEXT) throw fieldErrors({ note: [`is too long (maximum is ${MAX_TEXT} characters)`] });
  const now = deps.clock.now().toISOString();
  const note = await deps.db.transaction().execute(async (trx) => {
    const row = await insertNote(trx, {
      project_id: context.project.id,
      issue_id: issue.id,
      body: input.body,
      author_id: user.id,
      created_at: now,
      updated_at: now,
    });
    await insertEvent(trx, {
      project_id: context.project.id,
      author_id: user.id,
      action_name: 'commented on',
      target_type: 'Note',
      target_id: row.id,
      target_iid: row.id,
      target_title: issue.title,
      data: JSON.stringify({ body: input.body, noteable_type: 'Issue', noteable_id: issue.id, noteable_iid: issue.iid }),
      created_at: now,
    });
    await queueNoteHook(trx, deps, { actor: user, noteableType: 'Issue', note: row, issue });
    return row;
  });
  return { note, issue, authors: await findUsersByIds(deps.db, [note.author_id]) };
}
