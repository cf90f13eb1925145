import type { AppError, ErrorCode } from '../domain/errors.ts';

/** A service's refusal as the CLI reports it: a reason on stderr and an exit code. */
export interface CliFailure {
  exit: number;
  reason: string;
}

const refused = (error: AppError): CliFailure => ({ exit: 1, reason: error.message });

/**
 * Every error code as a `latchkey` command ends on it. Refusals exit 1 with the service's reason
 * (usage errors are 64 and bad configuration 78, before any service runs); a database that is
 * away exits 69 (EX_UNAVAILABLE), which a script may retry.
 */
export const CLI_ERRORS: Record<ErrorCode, (error: AppError) => CliFailure> = {
  unauthorized: refused,
  token_expired: refused,
  token_revoked: refused,
  banned: refused,
  insufficient_scope: refused,
  not_permitted: refused,
  not_found: refused,
  validation: refused,
  bad_request: refused,
  field_errors: (error) => ({ exit: 1, reason: JSON.stringify(error.details.errors ?? {}) }),
  conflict: refused,
  unavailable: (error) => ({ exit: 69, reason: error.message }),
};

export const cliFailure = (error: AppError): CliFailure => CLI_ERRORS[error.code](error);
