import { labelsOfIssues } from '../../db/repositories/labels.ts';
import { issueHooksOf, queueIssueHook } from '../webhooks/issue-hook-payload.ts';
import { fieldErrors, notFound, notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { insertEvent } from '../../db/repositories/events.ts';
import { findIssue, updateIssueRow } from '../../db/repositories/issues.ts';
import type { IssueRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import { canLabelIssues } from '../../policies/label-policies.ts';
import { canUpdateIssue } from '../../policies/project-policies.ts';
import { applyIssueLabels, asksForLabels, type IssueLabelChanges } from './apply-issue-labels.ts';
import { issueTextErrors } from './issue-rules.ts';
import { loadIssueView, type IssueView } from './issue-view.ts';
import { findVisibleProject, type ProjectRef } from '../projects/project-context.ts';

export async function updateIssue(
  deps: Deps,
  actor: Principal,
  input: {
    project: ProjectRef;
    iid: number;
    title?: string;
    description?: string | null;
    stateEvent?: 'close' | 'reopen';
    labels?: IssueLabelChanges;
  },
): Promise<{ issue: IssueRow; view: IssueView }> {
  const context = await findVisibleProject(deps, actor, input.project);
  const issue = await findIssue(deps.db, context.project.id, input.iid);
  if (!issue) throw notFound('Issue');
  const { user } = requireUser(actor);
  if (!canUpdateIssue(context.facts, issue.author_id)) throw notPermitted('update_issue');
  const errors = issueTextErrors(input.title, input.description);
  if (Object.keys(errors).length > 0) throw fieldErrors(errors);
  const now = deps.clock.now().toISOString();
  const closing = input.stateEvent === 'close' && issue.state === 'opened';
  const reopening = input.stateEvent === 'reopen' && issue.state === 'closed';
  const updated = await deps.db.transaction().execute(async (trx) => {
    // The hooks first: the labels before are read only when a hook will tell their change.
    const hooks = await issueHooksOf(trx, context.project.id);
    const labelsBefore = hooks.length > 0 ? ((await labelsOfIssues(trx, [issue.id])).get(issue.id) ?? []) : undefined;
    const updated = await updateIssueRow(trx, issue.id, {
      ...(input.title !== undefined && { title: input.title }),
      ...(input.description !== undefined && { description: input.description }),
      ...(closing && { state: 'closed' as const, closed_at: now, closed_by_id: user.id }),
      ...(reopening && { state: 'opened' as const, closed_at: null, closed_by_id: null }),
      updated_by_id: user.id,
      updated_at: now,
    });
    // Labels from a caller who may not set them are dropped, as GitLab drops them.
    if (input.labels && asksForLabels(input.labels) && canLabelIssues(context.facts)) {
      await applyIssueLabels(trx, context.project.id, issue.id, input.labels, now);
    }
    if (closing || reopening) {
      await insertEvent(trx, {
        project_id: context.project.id,
        author_id: user.id,
        action_name: closing ? 'closed' : 'reopened',
        target_type: 'Issue',
        target_id: issue.id,
        target_iid: issue.iid,
        target_title: updated.title,
        data: null,
        created_at: now,
      });
    }
    // GitLab tells an update that changed something: not a repeated close or an identical edit.
    const labelsAsked = input.labels !== undefined && asksForLabels(input.labels) && canLabelIssues(context.facts);
    const changed = closing || reopening || updated.title !== issue.title || updated.description !== issue.description || labelsAsked;
    if (hooks.length > 0 && changed) {
      const action = closing ? 'close' : reopening ? 'reopen' : 'update';
      await queueIssueHook(trx, deps, { actor: user, action, issue: updated, before: issue, ...(labelsBefore && { labelsBefore }) }, hooks);
    }
    return updated;
  });
  return { issue: updated, view: await loadIssueView(deps, context, [updated], actor) };
}
