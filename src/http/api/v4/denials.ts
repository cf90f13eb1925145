import type { DeniedAction } from '../../../domain/errors.ts';

/**
 * How GitLab's API answers a refusal:
 * - `forbidden`: 403 `403 Forbidden`, the usual answer;
 * - `unauthorized`: 401, as if the credential were wrong;
 * - `bad_request`: a bare 400 `400 Bad request`;
 * - `bad_request_with_reason`: 400 `400 Bad request - <the service's message>`;
 * - `forbidden_with_reason`: 403 `403 Forbidden - <the service's message>`;
 * - `forbidden_verbatim`: 403 with the service's message as the whole `message` (render_api_error!);
 * - `method_not_allowed`: 405.
 */
export type DenialAnswer = 'forbidden' | 'forbidden_with_reason' | 'unauthorized' | 'bad_request' | 'bad_request_with_reason' | 'method_not_allowed' | 'forbidden_verbatim';

/**
 * GitLab's per-route status quirks, in one place: services say *what* they refused
 * (`notPermitted(action)`), and this table says how GitLab's API answers that refusal. Every
 * entry other than `forbidden` is pinned by a request test under test/api/.
 */
export const API_DENIALS: Record<DeniedAction, DenialAnswer> = {
  create_project: 'forbidden',
  update_project: 'forbidden',
  change_project_visibility: 'forbidden',
  change_project_path: 'forbidden',
  delete_project: 'forbidden',
  create_issue: 'forbidden',
  update_issue: 'forbidden',
  create_note: 'forbidden',
  manage_labels: 'forbidden',
  read_audit_events: 'forbidden',
  read_container_images: 'forbidden',
  download_code: 'forbidden',
  push_code: 'forbidden',
  create_commit_status: 'forbidden',
  read_pipeline: 'forbidden',
  add_member: 'forbidden',
  edit_member: 'forbidden',
  remove_member: 'forbidden',
  create_user: 'forbidden',
  delete_user: 'forbidden',
  add_ssh_key: 'forbidden',
  create_personal_access_token: 'forbidden',
  // GET /personal_access_tokens?user_id= and /:id of someone else's token: 401 (GitLab's spec).
  read_personal_access_tokens: 'unauthorized',
  // DELETE /personal_access_tokens/:id of someone else's: GitLab drops the service's reason.
  revoke_personal_access_token: 'bad_request',
  // POST /personal_access_tokens/:id/rotate of someone else's (or of none, for a non-admin): 401.
  rotate_personal_access_token: 'unauthorized',
  // A Developer listing a project's tokens: 401, not 403.
  read_project_access_tokens: 'unauthorized',
  // POST /projects/:id/access_tokens answers with the create service's message.
  create_project_access_token: 'bad_request_with_reason',
  exceed_own_access_level: 'bad_request_with_reason',
  // A caller who may not manage the project's tokens: 401, whatever the token id.
  rotate_project_access_token: 'unauthorized',
  // DELETE /projects/:id/access_tokens/:token_id above the caller's level: 400 "<user> cannot delete <bot>".
  revoke_project_access_token: 'bad_request_with_reason',
  // POST /projects/:id/access_tokens/self/rotate with another project's token: 401; with a personal token: 405.
  rotate_token_of_other_project: 'unauthorized',
  rotate_personal_token_as_project_token: 'method_not_allowed',
  // gtokens: /groups/:id/access_tokens answers as /projects/:id/access_tokens (one API in GitLab, resource_access_tokens.rb).
  read_group_access_tokens: 'unauthorized',
  create_group_access_token: 'bad_request_with_reason',
  rotate_group_access_token: 'unauthorized',
  revoke_group_access_token: 'bad_request_with_reason',
  rotate_token_of_other_group: 'unauthorized',
  // Repository writes past a protection: "403 Forbidden - You are not allowed to push into this branch".
  push_protected_branch: 'forbidden_with_reason',
  delete_protected_branch: 'forbidden_with_reason',
  create_protected_tag: 'forbidden_with_reason',
  update_tag: 'forbidden_with_reason',
  delete_protected_tag: 'forbidden_with_reason',
  manage_protected_refs: 'forbidden',
  create_release: 'forbidden',
  // POST /projects/:id/releases for a tag the caller may not create: the release service's bare 403.
  create_release_of_protected_tag: 'forbidden_verbatim',
  update_release: 'forbidden',
  delete_release: 'forbidden',
  read_merge_request: 'forbidden',
  create_merge_request: 'forbidden',
  update_merge_request: 'forbidden',
  delete_merge_request: 'forbidden',
  create_merge_request_note: 'forbidden',
  update_merge_request_note: 'forbidden',
  delete_merge_request_note: 'forbidden',
  // PUT /projects/:id/merge_requests/:iid/merge by a caller who may not merge into the target: 401 (can_be_merged_by?).
  merge_merge_request: 'unauthorized',
  approve_merge_request: 'forbidden',
  // POST .../approve a second time: 401 (GitLab's ApprovalService refuses, the route answers unauthorized!).
  approve_merge_request_again: 'unauthorized',
  rebase_merge_request: 'forbidden',
  // hooks-api: GitLab's authorize! :admin_project on every hooks route.
  manage_hooks: 'forbidden',
  // token-limits: PUT /projects/:id/access_tokens/:token_id by a caller who may not manage the project's tokens: 401, as rotating.
  update_project_access_token: 'unauthorized',
  // PUT /groups/:id/access_tokens/:token_id answers as the project route; group hooks as GitLab's authorize! :admin_group (403).
  update_group_access_token: 'unauthorized',
  manage_group_hooks: 'forbidden',
  // token-limits: a token's allowed_refs: "403 Forbidden - This token may not update refs/heads/main".
  update_ref_outside_token_scope: 'forbidden_with_reason',
  // groups
  create_group: 'forbidden',
  update_group: 'forbidden',
  delete_group: 'forbidden',
  transfer_project: 'forbidden',
};
