import type { AppError, ErrorCode } from '../../domain/errors.ts';

export interface TokenEndpointError {
  status: number;
  body: { errors: { code: string; message: string }[] };
  headers?: Record<string, string>;
}

const answer = (status: number, code: string, message: string): TokenEndpointError => ({ status, body: { errors: [{ code, message }] } });
const accessDenied = (): TokenEndpointError => answer(401, 'UNAUTHORIZED', 'HTTP Basic: Access denied');

/** Every error code as /jwt/auth answers it, in the registry's error format (GitLab's JwtController). */
export const TOKEN_ENDPOINT_ERRORS: Record<ErrorCode, (error: AppError) => TokenEndpointError> = {
  unauthorized: accessDenied,
  token_expired: accessDenied,
  token_revoked: accessDenied,
  banned: () => answer(403, 'DENIED', 'Too many failed authentication attempts from this address'),
  insufficient_scope: (error) => answer(403, 'DENIED', error.message),
  not_permitted: (error) => answer(403, 'DENIED', error.message),
  // The registry is off, or the token is asked for another service.
  not_found: (error) => answer(404, 'UNAVAILABLE', error.message),
  validation: (error) => answer(400, 'INVALID_SCOPE', error.message),
  bad_request: (error) => answer(403, 'DENIED', error.message),
  field_errors: (error) => answer(403, 'DENIED', error.message),
  conflict: (error) => answer(403, 'DENIED', error.message),
  unavailable: () => ({ ...answer(503, 'UNAVAILABLE', 'The database is unavailable'), headers: { 'retry-after': '5' } }),
};

export const tokenEndpointError = (error: AppError): TokenEndpointError => TOKEN_ENDPOINT_ERRORS[error.code](error);
