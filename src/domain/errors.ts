/**
 * The one error type services throw, with a code saying what went wrong. Each adapter maps every
 * code in one exhaustive table: the API (http/error-response.ts), git over HTTP
 * (http/git/git-refusal.ts), SSH (ssh/ssh-refusal.ts), the registry's /jwt/auth
 * (http/registry/token-errors.ts), the web pages (http/web/web-errors.ts) and the CLI
 * (cli/cli-errors.ts). A new code does not compile until each of them says how it looks there.
 */
export const ERROR_CODES = [
  'unauthorized', // no credential, or one that is unknown or invalid
  'token_expired',
  'token_revoked',
  'banned', // too many failed logins from this address
  'insufficient_scope', // the credential's scope does not grant the ability (details.scopes: those that would)
  'not_permitted', // the actor may not do this (details.action: what was refused)
  'not_found',
  'validation', // a request parameter is missing or malformed
  'bad_request', // the service refuses the request, for the reason in the message
  'field_errors', // model validation errors keyed by field (details.errors)
  'conflict',
  'unavailable', // the database is away
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * What a `not_permitted` refused, named by the use case rather than by the status GitLab answers
 * with: the API's per-route quirks (401 here, 400 there) are its own table
 * (http/api/v4/denials.ts).
 */
export const DENIED_ACTIONS = [
  'create_project',
  'update_project',
  'change_project_visibility',
  'change_project_path',
  'delete_project',
  'create_issue',
  'update_issue',
  'create_note',
  'manage_labels',
  'read_audit_events',
  'read_container_images',
  'download_code',
  'push_code',
  'create_commit_status', // below Developer, or on a protected ref the actor may not update
  'read_pipeline', // a pipeline that is not there to read (GET .../pipelines/latest: GitLab's 403)
  'add_member', // or grant a level beyond the actor's reach
  'edit_member',
  'remove_member',
  'create_user',
  'delete_user',
  'add_ssh_key',
  'read_personal_access_tokens', // another user's
  'create_personal_access_token',
  'revoke_personal_access_token', // another user's
  'rotate_personal_access_token', // another user's
  'read_project_access_tokens',
  'create_project_access_token',
  'exceed_own_access_level', // a project access token (created or rotated) above the actor's own level
  'rotate_project_access_token',
  'revoke_project_access_token',
  'rotate_token_of_other_project', // a project access token rotating itself through another project
  'rotate_personal_token_as_project_token', // a personal token at a project's access_tokens/self/rotate
  // gtokens: the group access token routes, answered as the project ones
  'read_group_access_tokens',
  'create_group_access_token',
  'rotate_group_access_token',
  'revoke_group_access_token',
  'rotate_token_of_other_group', // a token rotating itself through a group it does not belong to
  'push_protected_branch', // push, force-push or commit to a branch its protection keeps from the actor
  'delete_protected_branch',
  'create_protected_tag', // create a tag its protection keeps from the actor
  'update_tag', // move an existing tag (tags are immutable once created, for everyone)
  'delete_protected_tag',
  'manage_protected_refs', // protect or unprotect branches and tags (Maintainers)
  'create_release',
  'create_release_of_protected_tag', // a release of a tag its protection keeps the actor from creating
  'update_release',
  'delete_release',
  'read_merge_request',
  'create_merge_request',
  'update_merge_request',
  'delete_merge_request',
  'create_merge_request_note',
  'update_merge_request_note',
  'delete_merge_request_note',
  'merge_merge_request', // accept a merge request: push rights, and the target's merge level when protected
  'approve_merge_request',
  'approve_merge_request_again', // the caller already approved it
  'rebase_merge_request', // push rights on the source branch
  // hooks-api
  'manage_hooks', // list, read, add, change, test or delete a project's webhooks (Maintainers)
  // token-limits
  'update_project_access_token', // change a project token's allowed_ips / allowed_refs (Maintainer+ humans)
  // group access tokens and group hooks
  'update_group_access_token', // change a group token's allowed_ips / allowed_refs (Owner humans)
  'manage_group_hooks', // list, read, add, change, test or delete a group's webhooks (Owners)
  'update_ref_outside_token_scope', // a token limited to some refs (allowed_refs) updating another
  // groups
  'create_group', // a bot, or a subgroup below the parent's Maintainer level
  'update_group', // below Owner
  'delete_group', // below Owner
  'transfer_project', // below the project's Owner
] as const;

export type DeniedAction = (typeof DENIED_ACTIONS)[number];

export interface ErrorDetails {
  /** insufficient_scope: the scopes that would do. */
  scopes?: readonly string[];
  /** field_errors: field → messages. */
  errors?: Record<string, string[]>;
  /** not_permitted: what was refused. */
  action?: DeniedAction;
  /** bad_request, not_found, conflict: GitLab's `render_api_error!`, the API answers `{message}` as is, with this status. */
  verbatim?: { status: 400 | 404 | 405 | 409 | 422; message: string | string[]; key?: 'message' | 'error' };
}

/**
 * An AppError is an answer, not a crash: every adapter maps it to a status and nothing reads its
 * stack, so none is captured (V8's stack capture was the costliest part of refusing a request).
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = stackTraceLimit;
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export const notFound = (what: string): AppError => new AppError('not_found', `${what} Not Found`);
export const unauthorized = (): AppError => new AppError('unauthorized', 'Unauthorized');
export const badRequest = (reason: string): AppError => new AppError('bad_request', reason);
export const invalidParam = (message: string): AppError => new AppError('validation', message);
/** A refusal the API words exactly as GitLab's service does (`{"message": "Tag v1 already exists"}`), unprefixed. */
export const rejected = (message: string | string[], status: 400 | 404 | 405 | 409 | 422 = 400, key: 'message' | 'error' = 'message'): AppError =>
  new AppError(status === 404 ? 'not_found' : status === 409 ? 'conflict' : 'bad_request', [message].flat().join(', '), { verbatim: { status, message, key } });
export const fieldErrors = (errors: Record<string, string[]>): AppError =>
  new AppError('field_errors', Object.values(errors).flat().join(', '), { errors });

/** The actor may not do `action`; the message says so in words (git, the web form and the CLI show it). */
export const notPermitted = (action: DeniedAction, message = `Not permitted to ${action.replaceAll('_', ' ')}`): AppError =>
  new AppError('not_permitted', message, { action });
