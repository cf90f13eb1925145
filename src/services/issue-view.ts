import type { ProjectWithNamespace } from '../db/repositories/projects.ts';
import { countNotesByIssue } from '../db/repositories/issues.ts';
import { findUsersByIds } from '../db/repositories/users.ts';
import type { IssueRow, UserRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';

/** What showing issues needs beside their rows, loaded once per batch: the project, the people, comment counts. */
export interface IssueView {
  project: ProjectWithNamespace;
  users: Map<number, UserRow>;
  notesCount: Map<number, number>;
}

export async function loadIssueView(deps: Deps, project: ProjectWithNamespace, issues: IssueRow[]): Promise<IssueView> {
  const users = await findUsersByIds(deps.db, issues.flatMap((i) => [i.author_id, ...(i.closed_by_id === null ? [] : [i.closed_by_id])]));
  const notesCount = await countNotesByIssue(deps.db, issues.map((i) => i.id));
  return { project: { project: project.project, namespace: project.namespace }, users, notesCount };
}
