import type { Principal } from '../../domain/principal.ts';
import { listApprovers } from '../../db/repositories/merge-request-approvals.ts';
import type { MergeRequestRow, UserRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { canApproveMergeRequest } from '../../policies/merge-request-merge-policies.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findMergingContext, type MergingContext } from './merging-context.ts';

/** A merge request's approvals as the caller sees them (GitLab's approvals entity; no approval rules: none required). */
export interface ApprovalsView {
  mergeRequest: MergeRequestRow;
  approvers: UserRow[];
  userHasApproved: boolean;
  userCanApprove: boolean;
}

export async function approvalsView(deps: Deps, actor: Principal, found: Pick<MergingContext, 'mergeRequest' | 'canPush'>): Promise<ApprovalsView> {
  const approvers = await listApprovers(deps.db, found.mergeRequest.id);
  const userId = actor.kind === 'user' ? actor.user.id : null;
  const userHasApproved = approvers.some((user) => user.id === userId);
  return {
    mergeRequest: found.mergeRequest,
    approvers,
    userHasApproved,
    userCanApprove: canApproveMergeRequest({ canPush: found.canPush, state: found.mergeRequest.state, alreadyApproved: userHasApproved }),
  };
}

/** GET /projects/:id/merge_requests/:iid/approvals (and approval_state): whoever may read the merge request. */
export async function readMergeRequestApprovals(deps: Deps, actor: Principal, input: { project: ProjectRef; iid: number }): Promise<ApprovalsView> {
  return approvalsView(deps, actor, await findMergingContext(deps, actor, input));
}
