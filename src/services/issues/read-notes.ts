import { notFound } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Page, Paged } from '../../db/pagination.ts';
import { findIssue } from '../../db/repositories/issues.ts';
import { listNotes } from '../../db/repositories/notes.ts';
import { findUsersByIds } from '../../db/repositories/users.ts';
import type { IssueRow, NoteRow, UserRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { findVisibleProject, type ProjectRef } from '../projects/project-context.ts';

export async function listIssueNotes(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; iid: number; sort: 'asc' | 'desc'; page: Page },
): Promise<{ issue: IssueRow; notes: Paged<NoteRow>; authors: Map<number, UserRow> }> {
  const context = await findVisibleProject(deps, actor, input.project);
  const issue = await findIssue(deps.db, context.project.id, input.iid);
  if (!issue) throw notFound('Issue');
  const notes = await listNotes(deps.db, issue.id, input.sort, input.page);
  return { issue, notes, authors: await findUsersByIds(deps.db, notes.items.map((n) => n.author_id)) };
}
