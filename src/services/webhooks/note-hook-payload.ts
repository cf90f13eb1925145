import type { Db } from '../../db/database.ts';
import { labelsOfIssues } from '../../db/repositories/labels.ts';
import type { IssueRow, MergeRequestNoteRow, MergeRequestRow, NoteRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { hookProjectAttrs, hookRepositoryAttrs, hookUserAttrs, loadHookProject, utcText, type HookProject, type HookUser } from './hook-parts.ts';
import { issueHookAttrs } from './issue-hook-payload.ts';
import { mergeRequestHookAttrs, readMergeRequestLinks } from './merge-request-hook-payload.ts';
import { queueHookEvent } from './queue-hook-event.ts';

export type NoteHookInput =
  | { actor: HookUser; noteableType: 'Issue'; note: NoteRow; issue: IssueRow }
  | { actor: HookUser; noteableType: 'MergeRequest'; note: MergeRequestNoteRow; mergeRequest: MergeRequestRow };

/** GitLab's Note#hook_attrs with `description` and `url`, as Gitlab::HookData::NoteBuilder adds them. */
function noteAttrs(p: HookProject, input: NoteHookInput) {
  const { note } = input;
  const mr = input.noteableType === 'MergeRequest' ? input.note : null;
  const noteable = input.noteableType === 'Issue' ? input.issue : input.mergeRequest;
  const path = input.noteableType === 'Issue' ? 'issues' : 'merge_requests';
  return {
    attachment: null,
    author_id: note.author_id,
    change_position: null,
    commit_id: null,
    created_at: utcText(note.created_at),
    discussion_id: mr?.discussion_id ?? null,
    id: note.id,
    line_code: null,
    note: note.body,
    noteable_id: noteable.id,
    noteable_type: input.noteableType,
    original_position: null,
    position: null,
    project_id: note.project_id,
    resolved_at: mr ? utcText(mr.resolved_at) : null,
    resolved_by_id: mr?.resolved_by_id ?? null,
    resolved_by_push: null,
    st_diff: null,
    system: mr ? mr.system === 1 : false,
    type: mr && mr.resolvable === 1 ? 'DiscussionNote' : null,
    updated_at: utcText(note.updated_at),
    updated_by_id: null,
    description: note.body,
    url: `${p.webUrl}/-/${path}/${noteable.iid}#note_${note.id}`,
    action: 'create',
  };
}

/** GitLab's Note Hook body (Gitlab::DataBuilder::Note) for a comment on an issue or a merge request. */
export async function buildNoteHookPayload(trx: Db, deps: Deps, input: NoteHookInput): Promise<unknown> {
  const project = await loadHookProject(trx, deps.config, input.note.project_id);
  const noteable =
    input.noteableType === 'Issue'
      ? { issue: issueHookAttrs(project, input.issue, (await labelsOfIssues(trx, [input.issue.id])).get(input.issue.id) ?? []) }
      : { merge_request: await mergeRequestHookAttrs(project, input.mergeRequest, await readMergeRequestLinks(trx, input.mergeRequest.id)) };
  return {
    object_kind: 'note',
    event_type: 'note',
    user: hookUserAttrs(input.actor),
    project_id: project.found.project.id,
    project: hookProjectAttrs(project),
    object_attributes: noteAttrs(project, input),
    repository: hookRepositoryAttrs(project),
    ...noteable,
  };
}

/** The note hooks of a new comment, in its transaction. */
export async function queueNoteHook(trx: Db, deps: Deps, input: NoteHookInput): Promise<void> {
  await queueHookEvent(trx, deps, {
    projectId: input.note.project_id,
    trigger: 'note_events',
    event: 'Note Hook',
    body: () => buildNoteHookPayload(trx, deps, input),
  });
}
