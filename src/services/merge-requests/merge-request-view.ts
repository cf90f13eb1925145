import type { Principal } from '../../domain/principal.ts';
import { labelsOfMergeRequests } from '../../db/repositories/merge-request-labels.ts';
import { countUnresolvedByMergeRequest, countUserNotesByMergeRequest, mergeRequestsJoinedBy } from '../../db/repositories/merge-request-notes.ts';
import { peopleOfMergeRequests } from '../../db/repositories/merge-request-people.ts';
import type { ProjectWithNamespace } from '../../db/repositories/projects.ts';
import { findUsersByIds } from '../../db/repositories/users.ts';
import type { LabelRow, MergeRequestRow, UserRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';

/** What showing merge requests needs beside their rows, loaded once per batch. */
export interface MergeRequestView {
  /** The projects of the merge requests, by id. */
  projects: Map<number, ProjectWithNamespace>;
  users: Map<number, UserRow>;
  notesCount: Map<number, number>;
  unresolvedCount: Map<number, number>;
  labels: Map<number, LabelRow[]>;
  assignees: Map<number, number[]>;
  reviewers: Map<number, number[]>;
  /** For one merge request shown on its own: those the viewer wrote or commented on (GitLab leaves `subscribed` out of lists). */
  subscribed: Set<number> | null;
}

export async function loadMergeRequestView(
  deps: Deps,
  projects: ProjectWithNamespace | ProjectWithNamespace[],
  mergeRequests: MergeRequestRow[],
  viewer?: Principal,
): Promise<MergeRequestView> {
  const ids = mergeRequests.map((mr) => mr.id);
  const [notesCount, unresolvedCount, labels, assignees, reviewers, subscribed] = await Promise.all([
    countUserNotesByMergeRequest(deps.db, ids),
    countUnresolvedByMergeRequest(deps.db, ids),
    labelsOfMergeRequests(deps.db, ids),
    peopleOfMergeRequests(deps.db, 'merge_request_assignees', ids),
    peopleOfMergeRequests(deps.db, 'merge_request_reviewers', ids),
    viewer === undefined ? null : viewer.kind === 'user' ? mergeRequestsJoinedBy(deps.db, ids, viewer.user.id) : new Set<number>(),
  ]);
  const userIds = mergeRequests.flatMap((mr) =>
    [mr.author_id, mr.merge_user_id, mr.closed_by_id, ...(assignees.get(mr.id) ?? []), ...(reviewers.get(mr.id) ?? [])].filter((id): id is number => id !== null),
  );
  const users = await findUsersByIds(deps.db, [...new Set(userIds)]);
    const byId = new Map([projects].flat().map(({ project, namespace }) => [project.id, { project, namespace }]));
  return { projects: byId, users, notesCount, unresolvedCount, labels, assignees, reviewers, subscribed };
}
