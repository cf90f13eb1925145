import { notFound } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Page, Paged } from '../../db/pagination.ts';
import { findIssue, listIssues, type IssueFilter } from '../../db/repositories/issues.ts';
import type { IssueRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { loadIssueView, type IssueView } from './issue-view.ts';
import { findVisibleProject, type ProjectRef } from '../projects/project-context.ts';

export async function listProjectIssues(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; filter: IssueFilter; orderBy: 'created_at' | 'updated_at' | 'title'; sort: 'asc' | 'desc'; page: Page },
): Promise<{ issues: Paged<IssueRow>; view: IssueView }> {
  const context = await findVisibleProject(deps, actor, input.project);
  const issues = await listIssues(deps.db, context.project.id, input.filter, { by: input.orderBy, direction: input.sort }, input.page);
  return { issues, view: await loadIssueView(deps, context, issues.items) };
}

export async function getProjectIssue(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; iid: number },
): Promise<{ issue: IssueRow; view: IssueView }> {
  const context = await findVisibleProject(deps, actor, input.project);
  const issue = await findIssue(deps.db, context.project.id, input.iid);
  if (!issue) throw notFound('Issue');
  return { issue, view: await loadIssueView(deps, context, [issue], actor) };
}
