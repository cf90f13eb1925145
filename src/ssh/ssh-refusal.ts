import type { AppError, ErrorCode } from '../domain/errors.ts';
import { GIT_PROJECT_NOT_FOUND } from '../services/repository/authorize-git-access.ts';

const CREDENTIAL = 'Access denied: the credential this connection signed in with is no longer valid';
const noLongerValid = (error: AppError): string => `${CREDENTIAL} (${error.message.toLowerCase()})`;

/**
 * Every error code as the one line an SSH git command prints (`remote: <line>`) before it exits 1.
 * A connection may outlive its credential, hence the credential refusals.
 */
export const SSH_REFUSALS: Record<ErrorCode, (error: AppError) => string> = {
  unauthorized: noLongerValid,
  token_expired: noLongerValid,
  token_revoked: noLongerValid,
  banned: () => 'Too many failed authentication attempts from this address. Try again later.',
  insufficient_scope: () => 'The scopes of the credential this connection signed in with do not allow this.',
  // The service's words: "You are not allowed to upload code." and the like.
  not_permitted: (error) => error.message,
  not_found: () => GIT_PROJECT_NOT_FOUND,
  validation: (error) => error.message,
  bad_request: (error) => error.message,
  field_errors: (error) => error.message,
  conflict: (error) => error.message,
  unavailable: () => 'Latchkey cannot reach its database right now: please try again later.',
};

export const sshRefusal = (error: AppError): string => SSH_REFUSALS[error.code](error);
