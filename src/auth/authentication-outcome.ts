import { AppError } from '../domain/errors.ts';
import type { AuthOutcome } from '../domain/metrics.ts';

/**
 * A token presented from outside its address allowlist: refused exactly as an unknown token (the
 * same code and message), told apart only by the metrics (`address_denied`).
 */
export class AddressDeniedError extends AppError {
  constructor() {
    super('unauthorized', 'Unauthorized');
  }
}

/** What a failed authentication counts as in `latchkey_authentications_total`. */
export function failedAuthOutcome(error: unknown): AuthOutcome {
  if (error instanceof AddressDeniedError) return 'address_denied';
  if (!(error instanceof AppError)) return 'error';
  switch (error.code) {
    case 'unauthorized':
      return 'unknown';
    case 'token_expired':
      return 'expired';
    case 'token_revoked':
      return 'revoked';
    case 'banned':
      return 'banned';
    default:
      return 'error';
  }
}
