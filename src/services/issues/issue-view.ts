import type { Principal } from '../../domain/principal.ts';
import type { ProjectWithNamespace } from '../../db/repositories/projects.ts';
import { countNotesByIssue, issuesJoinedBy } from '../../db/repositories/issues.ts';
import { labelsOfIssues } from '../../db/repositories/labels.ts';
import { findUsersByIds } from '../../db/repositories/users.ts';
import type { IssueRow, LabelRow, UserRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';

/** What showing issues needs beside their rows, loaded once per batch: the project, the people, comment counts, labels. */
export interface IssueView {
  project: ProjectWithNamespace;
  users: Map<number, UserRow>;
  notesCount: Map<number, number>;
  /** Each issue's labels, by name. */
  labels: Map<number, LabelRow[]>;
  /**
   * For one issue shown on its own (GitLab leaves `subscribed` out of lists): the issues the viewer
   * takes part in, by writing or commenting, which GitLab counts as subscribed.
   */
  subscribed: Set<number> | null;
}

export async function loadIssueView(deps: Deps, project: ProjectWithNamespace, issues: IssueRow[], viewer?: Principal): Promise<IssueView> {
  const ids = issues.map((i) => i.id);
  const [users, notesCount, labels, subscribed] = await Promise.all([
    findUsersByIds(deps.db, issues.flatMap((i) => [i.author_id, ...(i.closed_by_id === null ? [] : [i.closed_by_id])])),
    countNotesByIssue(deps.db, ids),
    labelsOfIssues(deps.db, ids),
    viewer === undefined ? null : viewer.kind === 'user' ? issuesJoinedBy(deps.db, ids, viewer.user.id) : new Set<number>(),
  ]);
  return { project: { project: project.project, namespace: project.namespace }, users, notesCount, labels, subscribed };
}
