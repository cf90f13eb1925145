import { queueIssueHook } from '../webhooks/issue-hook-payload.ts';
import { fieldErrors, notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { insertEvent } from '../../db/repositories/events.ts';
import { insertIssue } from '../../db/repositories/issues.ts';
import { takeNextIssueIid } from '../../db/repositories/projects.ts';
import type { IssueRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import { canLabelIssues } from '../../policies/label-policies.ts';
import { canCreateIssue } from '../../policies/project-policies.ts';
import { applyIssueLabels } from './apply-issue-labels.ts';
import { issueTextErrors } from './issue-rules.ts';
import { loadIssueView, type IssueView } from './issue-view.ts';
import { findVisibleProject, type ProjectRef } from '../projects/project-context.ts';

export async function createIssue(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; title: string; description: string | null; labels?: string[] },
): Promise<{ issue: IssueRow; view: IssueView }> {
  const context = await findVisibleProject(deps, actor, input.project);
  const { user } = requireUser(actor);
  if (!canCreateIssue(context.facts)) throw notPermitted('create_issue');
  const errors = issueTextErrors(input.title, input.description);
  if (Object.keys(errors).length > 0) throw fieldErrors(errors);
  const now = deps.clock.now().toISOString();
  const issue = await deps.db.transaction().execute(async (trx) => {
    const iid = await takeNextIssueIid(trx, context.project.id);
    const issue = await insertIssue(trx, {
      project_id: context.project.id,
      iid,
      title: input.title,
      description: input.description,
      state: 'opened',
      author_id: user.id,
      updated_by_id: null,
      closed_by_id: null,
      created_at: now,
      updated_at: now,
      closed_at: null,
    });
    // Labels from a caller who may not set them are dropped, as GitLab drops them.
    if (input.labels !== undefined && canLabelIssues(context.facts)) {
      await applyIssueLabels(trx, context.project.id, issue.id, { labels: input.labels }, now);
    }
    await insertEvent(trx, {
      project_id: context.project.id,
      author_id: user.id,
      action_name: 'opened',
      target_type: 'Issue',
      target_id: issue.id,
      target_iid: issue.iid,
      target_title: issue.title,
      data: null,
      created_at: now,
    });
    await queueIssueHook(trx, deps, { actor: user, action: 'open', issue });
    return issue;
  });
  return { issue, view: await loadIssueView(deps, context, [issue], actor) };
}
