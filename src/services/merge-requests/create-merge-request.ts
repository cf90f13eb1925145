import { queueMergeRequestHook } from '../webhooks/merge-request-hook-payload.ts';
import { fieldErrors, notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { recordMergeRequestEvent } from './record-merge-request-event.ts';
import { insertMergeRequest, takeNextMergeRequestIid } from '../../db/repositories/merge-requests.ts';
import type { MergeRequestRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { canAdministerMergeRequest, canCreateMergeRequest } from '../../policies/merge-request-policies.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { applyMergeRequestLinks, eligibleUserIds, type MergeRequestLinks } from './apply-merge-request-links.ts';
import { checkMergeRequestBranches } from './branch-checks.ts';
import { findMergeRequestProject } from './merge-request-context.ts';
import { mergeRequestTextErrors } from './merge-request-rules.ts';
import { computeMergeState } from './refresh-merge-request.ts';
import { loadMergeRequestShown, type MergeRequestShown } from './show-merge-request.ts';

export interface CreateMergeRequestInput {
  project: ProjectRef;
  sourceBranch: string;
  targetBranch: string;
  title: string;
  description: string | null;
  links: MergeRequestLinks;
  removeSourceBranch?: boolean;
  squash?: boolean;
}

/**
 * POST /projects/:id/merge_requests: opens a merge request between two branches of the project
 * (Developer+), with its merge state computed in the bare repository, and records an `opened`
 * event. Labels, assignees and reviewers from a caller below Developer are dropped as GitLab drops them.
 */
export async function createMergeRequest(deps: Deps, actor: Principal, input: CreateMergeRequestInput): Promise<MergeRequestShown> {
  const { context, repositoryDir } = await findMergeRequestProject(deps, actor, input.project);
  const { user } = requireUser(actor);
  if (!canCreateMergeRequest(context.facts)) throw notPermitted('create_merge_request');
  const errors = mergeRequestTextErrors(input.title, input.description);
  if (Object.keys(errors).length > 0) throw fieldErrors(errors);
  const projectId = context.project.id;
  await checkMergeRequestBranches(deps.db, repositoryDir, { projectId, sourceBranch: input.sourceBranch, targetBranch: input.targetBranch });
  const state = await computeMergeState(repositoryDir, input.sourceBranch, input.targetBranch);
  const links: MergeRequestLinks = canAdministerMergeRequest(context.facts)
    ? {
        ...input.links,
        assigneeIds: input.links.assigneeIds && (await eligibleUserIds(deps, context, input.links.assigneeIds)),
        reviewerIds: input.links.reviewerIds && (await eligibleUserIds(deps, context, input.links.reviewerIds)),
      }
    : {};
  const now = deps.clock.now().toISOString();
  const mergeRequest = await deps.db.transaction().execute(async (trx): Promise<MergeRequestRow> => {
    const iid = await takeNextMergeRequestIid(trx, projectId);
    const row = await insertMergeRequest(trx, {
      project_id: projectId,
      iid,
      title: input.title,
      description: input.description,
      state: 'opened',
      source_branch: input.sourceBranch,
      target_branch: input.targetBranch,
      author_id: user.id,
      updated_by_id: null,
      merge_user_id: null,
      closed_by_id: null,
      ...state,
      merge_commit_sha: null,
      squash_commit_sha: null,
      force_remove_source_branch: input.removeSourceBranch ? 1 : 0,
      squash: input.squash ? 1 : 0,
      discussion_locked: null,
      merge_error: null,
      created_at: now,
      updated_at: now,
      merged_at: null,
      closed_at: null,
    });
    await applyMergeRequestLinks(trx, projectId, row.id, links, now);
    await recordMergeRequestEvent(trx, user.id, 'opened', row, now);
    await queueMergeRequestHook(trx, deps, { actor: user, action: 'open', mergeRequest: row });
    return row;
  });
  return loadMergeRequestShown(deps, actor, { context, repositoryDir, mergeRequest }, {});
}
