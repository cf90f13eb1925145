import type { ApprovalsView } from '../../services/merge-requests/read-merge-request-approvals.ts';
import { presentUserBasic } from './users.ts';

/**
 * GET /projects/:id/merge_requests/:iid/approvals (and approve/unapprove's answer): GitLab's
 * approvals entity. Latchkey has no approval rules: none are required, so none are left.
 */
export function presentMergeRequestApprovals(view: ApprovalsView, baseUrl: string) {
  const mr = view.mergeRequest;
  return {
    id: mr.id,
    iid: mr.iid,
    project_id: mr.project_id,
    title: mr.title,
    description: mr.description ?? '',
    state: mr.state,
    created_at: mr.created_at,
    updated_at: mr.updated_at,
    merge_status: mr.merge_status,
    approved: view.approvers.length > 0,
    approvals_required: 0,
    approvals_left: 0,
    require_password_to_approve: false,
    approved_by: view.approvers.map((user) => ({ user: presentUserBasic(user, baseUrl) })),
    suggested_approvers: [],
    approvers: [],
    approver_groups: [],
    user_has_approved: view.userHasApproved,
    user_can_approve: view.userCanApprove,
    approval_rules_left: [],
    has_approval_rules: false,
    merge_request_approvers_available: false,
    multiple_approval_rules_available: false,
    invalid_approvers_rules: [],
  };
}

/** GET .../approval_state: no approval rules, none overwritten. */
export function presentMergeRequestApprovalState() {
  return { approval_rules_overwritten: false, rules: [] as never[] };
}
