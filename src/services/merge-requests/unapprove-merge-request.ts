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
  if (!(await deleteApproval(deps.db, found.mergeRequest.id, user.user.id))) throw rejected('404 Not Found', 404);
  return approvalsView(deps, actor, found);
}
