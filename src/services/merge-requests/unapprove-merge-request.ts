import { queueMergeRequestHook } from '../webhooks/merge-request-hook-payload.ts';
import { notPermitted, rejected } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { deleteApproval } from '../../db/repositories/merge-request-approvals.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findMergingContext } from './merging-context.ts';
import { approvalsView, type ApprovalsView } from './read-merge-request-approvals.ts';

/** POST /projects/:id/merge_requests/:iid/unapprove: withdraws the caller's own approval; 404 when there was none (GitLab's not_found!). */
export async function unapproveMergeRequest(deps: Deps, actor: Principal, input: { project: ProjectRef; iid: number }): Promise<ApprovalsView> {
  const user = requireUser(actor);
  const found = await findMergingContext(deps, actor, input);
  if (!found.canPush) throw notPermitted('approve_merge_request');
  const removed = await deps.db.transaction().execute(async (trx) => {
    const removed = await deleteApproval(trx, found.mergeRequest.id, user.user.id);
    if (removed) await queueMergeRequestHook(trx, deps, { actor: user.user, action: 'unapproved', mergeRequest: found.mergeRequest });
    return removed;
  });
  if (!removed) throw rejected('404 Not Found', 404);
  return approvalsView(deps, actor, found);
}
