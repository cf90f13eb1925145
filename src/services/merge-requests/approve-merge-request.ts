import { queueMergeRequestHook } from '../webhooks/merge-request-hook-payload.ts';
import { notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { insertApproval } from '../../db/repositories/merge-request-approvals.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findMergingContext, shaMismatch } from './merging-context.ts';
import { approvalsView, type ApprovalsView } from './read-merge-request-approvals.ts';

/**
 * POST /projects/:id/merge_requests/:iid/approve: Developer+ (the author too, GitLab's default),
 * on an open merge request (else 403); `sha` must be the source's head (409); approving twice is
 * 401, as GitLab's ApprovalService refuses it.
 */
export async function approveMergeRequest(deps: Deps, actor: Principal, input: { project: ProjectRef; iid: number; sha?: string }): Promise<ApprovalsView> {
  const user = requireUser(actor);
  const found = await findMergingContext(deps, actor, input);
  if (!found.canPush || found.mergeRequest.state !== 'opened') throw notPermitted('approve_merge_request');
  if (input.sha !== undefined && input.sha !== found.mergeRequest.head_sha) {
    throw shaMismatch(found.mergeRequest.head_sha);
  }
  const stored = await deps.db.transaction().execute(async (trx) => {
    const stored = await insertApproval(trx, { merge_request_id: found.mergeRequest.id, user_id: user.user.id, created_at: deps.clock.now().toISOString() });
    // Without approval rules one approval approves it: GitLab (Free) sends `approved`.
    if (stored) await queueMergeRequestHook(trx, deps, { actor: user.user, action: 'approved', mergeRequest: found.mergeRequest });
    return stored;
  });
  if (!stored) throw notPermitted('approve_merge_request_again', 'You have already approved this merge request');
  return approvalsView(deps, actor, found);
}
