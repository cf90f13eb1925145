import { notFound } from '../domain/errors.ts';
import type { Principal } from '../domain/principal.ts';
import type { Page, Paged } from '../db/pagination.ts';
import { findIssue } from '../db/repositories/issues.ts';
import { listNotes } from '../db/repositories/notes.ts';
import type { IssueRow, NoteRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { findVisibleProject, type ProjectRef } from './project-context.ts';

export async function listIssueNotes(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; iid: number; sort: 'asc' | 'desc'; page: Page },
): Promise<{ issue: IssueRow; notes: Paged<NoteRow> }> {
  const context = await findVisibleProject(deps, actor, input.project);
  const issue = await findIssue(deps.db, context.project.id, input.iid);
  if (!issue) throw notFound('Issue');
  return { issue, notes: await listNotes(deps.db, issue.id, input.sort, input.page) };
}
