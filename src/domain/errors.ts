/**
 * The one error type services throw. Adapters (HTTP, git, SSH, CLI) map `code` to their own
 * shape; see http/error-response.ts for GitLab's bodies.
 */
export type ErrorCode =
  | 'unauthorized' // no or unknown credential
  | 'token_expired'
  | 'token_revoked'
  | 'insufficient_scope' // the credential's scope does not grant the ability
  | 'forbidden' // the role does not permit the action
  | 'not_found'
  | 'validation' // a request parameter is missing or malformed
  | 'bad_request' // the service refuses the request
  | 'field_errors' // model validation errors keyed by field
  | 'conflict'
  | 'method_not_allowed'
  | 'banned'
  | 'unavailable';

export class AppError extends Error {
  readonly code: ErrorCode;
  /** For insufficient_scope: the scopes that would do. For field_errors: field → messages. */
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export const notFound = (what: string): AppError => new AppError('not_found', `${what} Not Found`);
export const forbidden = (): AppError => new AppError('forbidden', 'Forbidden');
export const badRequest = (reason: string): AppError => new AppError('bad_request', reason);
export const invalidParam = (message: string): AppError => new AppError('validation', message);
export const fieldErrors = (errors: Record<string, string[]>): AppError =>
  new AppError('field_errors', Object.values(errors).flat().join(', '), { errors });
