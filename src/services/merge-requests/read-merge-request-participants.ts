import type { Principal } from '../../domain/principal.ts';
import { notesOfMergeRequest } from '../../db/repositories/merge-request-notes.ts';
import { peopleOfMergeRequests } from '../../db/repositories/merge-request-people.ts';
import { findUsersByIds } from '../../db/repositories/users.ts';
import type { UserRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findMergeRequestInProject } from './merge-request-context.ts';

/**
 * GET .../merge_requests/:merge_request_iid/participants: its author, assignees, reviewers and
 * whoever commented, each once, in that order: whoever may read the merge request.
 */
export async function readMergeRequestParticipants(deps: Deps, actor: Principal, input: { project: ProjectRef; iid: number }): Promise<UserRow[]> {
  const { mergeRequest: mr } = await findMergeRequestInProject(deps, actor, input.project, input.iid, 'read');
  const [assignees, reviewers, notes] = await Promise.all([
    peopleOfMergeRequests(deps.db, 'merge_request_assignees', [mr.id]),
    peopleOfMergeRequests(deps.db, 'merge_request_reviewers', [mr.id]),
    notesOfMergeRequest(deps.db, mr.id),
  ]);
  const ids = [
    ...new Set([mr.author_id, ...(assignees.get(mr.id) ?? []), ...(reviewers.get(mr.id) ?? []), ...notes.filter((note) => note.system !== 1).map((note) => note.author_id)]),
  ];
  const users = await findUsersByIds(deps.db, ids);
  return ids.map((id) => users.get(id)).filter((user): user is UserRow => user !== undefined);
}
