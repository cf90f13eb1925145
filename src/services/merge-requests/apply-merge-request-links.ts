import { AccessLevel } from '../../domain/access-levels.ts';
import type { Db } from '../../db/database.ts';
import { labelsOfMergeRequests, replaceMergeRequestLabels } from '../../db/repositories/merge-request-labels.ts';
import { replaceMergeRequestPeople } from '../../db/repositories/merge-request-people.ts';
import { findUsersByIds, toActor } from '../../db/repositories/users.ts';
import type { Deps } from '../../deps.ts';
import { canReadMergeRequests } from '../../policies/merge-request-policies.ts';
import { labelIdsAfter } from '../issues/apply-issue-labels.ts';
import { projectAccessLevel, type ProjectContext } from '../projects/project-context.ts';

/** What a create or update asks of a merge request's labels (by name), assignees and reviewers (by user id). */
export interface MergeRequestLinks {
  labels?: string[];
  addLabels?: string[];
  removeLabels?: string[];
  assigneeIds?: number[];
  reviewerIds?: number[];
}

export const asksForLinks = (links: MergeRequestLinks): boolean => Object.values(links).some((value) => value !== undefined);

/**
 * Of these user ids, those of users who may read the project's merge requests, in the order asked
 * (GitLab drops the others silently; `0` means nobody).
 */
export async function eligibleUserIds(deps: Deps, context: ProjectContext, ids: number[]): Promise<number[]> {
  const users = await findUsersByIds(deps.db, [...new Set(ids.filter((id) => id > 0))]);
  const eligible: number[] = [];
  for (const user of users.values()) {
    const level = user.is_admin ? AccessLevel.Owner : (await projectAccessLevel(deps, context, user.id)).level;
    if (user.state === 'active' && canReadMergeRequests({ actor: toActor(user), visibility: context.project.visibility, level })) eligible.push(user.id);
  }
  return ids.filter((id, index) => eligible.includes(id) && ids.indexOf(id) === index);
}

/**
 * Inside the caller's transaction: gives the merge request the labels (creating missing project
 * labels with the default color, as GitLab does), assignees and reviewers asked for. The user ids
 * are already filtered by eligibleUserIds.
 */
export async function applyMergeRequestLinks(trx: Db, projectId: number, mergeRequestId: number, links: MergeRequestLinks, now: string): Promise<void> {
  if (links.labels !== undefined || links.addLabels !== undefined || links.removeLabels !== undefined) {
    const current = links.labels ?? ((await labelsOfMergeRequests(trx, [mergeRequestId])).get(mergeRequestId) ?? []).map((label) => label.name);
    await replaceMergeRequestLabels(trx, mergeRequestId, await labelIdsAfter(trx, projectId, current, links, now));
  }
  if (links.assigneeIds !== undefined) await replaceMergeRequestPeople(trx, 'merge_request_assignees', mergeRequestId, links.assigneeIds);
  if (links.reviewerIds !== undefined) await replaceMergeRequestPeople(trx, 'merge_request_reviewers', mergeRequestId, links.reviewerIds);
}
