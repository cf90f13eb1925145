import type { AppError, ErrorCode } from '../domain/errors.ts';
import { API_DENIALS, type DenialAnswer } from './api/v4/denials.ts';

export interface ErrorResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

const BEARER = 'Bearer realm="Protected by OAuth 2.0"';
const INVALID_TOKEN = `${BEARER}, error="invalid_token"`;

const UNAUTHORIZED: ErrorResponse = { status: 401, body: { message: '401 Unauthorized' }, headers: { 'www-authenticate': BEARER } };
const FORBIDDEN: ErrorResponse = { status: 403, body: { message: '403 Forbidden' }, headers: {} };
// GitLab's bad_request! without a reason says just "400 Bad request".
const badRequest = (reason: string): ErrorResponse => ({
  status: 400,
  body: { message: reason === '' ? '400 Bad request' : `400 Bad request - ${reason}` },
  headers: {},
});

const DENIALS: Record<DenialAnswer, (error: AppError) => ErrorResponse> = {
  forbidden: () => FORBIDDEN,
  forbidden_with_reason: (error) => ({ status: 403, body: { message: `403 Forbidden - ${error.message}` }, headers: {} }),
  forbidden_verbatim: (error) => ({ status: 403, body: { message: error.message }, headers: {} }),
  unauthorized: () => UNAUTHORIZED,
  bad_request: () => badRequest(''),
  bad_request_with_reason: (error) => badRequest(error.message),
  method_not_allowed: () => ({ status: 405, body: { message: '405 Method Not Allowed' }, headers: {} }),
};

const invalidToken = (description: string): ErrorResponse => ({
  status: 401,
  body: { error: 'invalid_token', error_description: description },
  headers: { 'www-authenticate': INVALID_TOKEN },
});

/** GitLab's render_api_error! (`message`) or Grape's error! with a string (`error`): the service's message is the whole body. */
const verbatim = (error: AppError): ErrorResponse | undefined =>
  error.details.verbatim && { status: error.details.verbatim.status, body: { [error.details.verbatim.key ?? 'message']: error.details.verbatim.message }, headers: {} };

/** AppError → GitLab's status, body and headers (docs/GITLAB-COMPATIBILITY.md, "Error bodies"). */
const API_ERRORS: Record<ErrorCode, (error: AppError) => ErrorResponse> = {
  unauthorized: () => UNAUTHORIZED,
  token_expired: () => invalidToken('Token is expired. You can either do re-authorization or token refresh.'),
  token_revoked: () => invalidToken('Token was revoked. You have to re-authorize from the user.'),
  banned: () => FORBIDDEN,
  insufficient_scope: (error) => {
    const scopes = error.details.scopes ?? ['api'];
    return {
      status: 403,
      body: {
        error: 'insufficient_scope',
        error_description: 'The request requires higher privileges than provided by the access token.',
        scope: scopes.join(' '),
      },
      headers: { 'www-authenticate': `${BEARER}, error="insufficient_scope", scope="${scopes.join(' ')}"` },
    };
  },
  // What was refused decides GitLab's answer: the per-route quirks are api/v4/denials.ts.
  not_permitted: (error) => DENIALS[apiDenialAnswer(error)](error),
  not_found: (error) => verbatim(error) ?? { status: 404, body: { message: `404 ${error.message}` }, headers: {} },
  validation: (error) => ({ status: 400, body: { error: error.message }, headers: {} }),
  bad_request: (error) => verbatim(error) ?? badRequest(error.message),
  field_errors: (error) => ({ status: 400, body: { message: error.details.errors ?? {} }, headers: {} }),
  conflict: (error) => verbatim(error) ?? ({ status: 409, body: { message: error.message }, headers: {} }),
  unavailable: () => ({ status: 503, body: { message: '503 Service Unavailable' }, headers: { 'retry-after': '5' } }),
};

/** How the API answers a `not_permitted` error; one without an action is a plain 403. */
export function apiDenialAnswer(error: AppError): DenialAnswer {
  return error.details.action === undefined ? 'forbidden' : API_DENIALS[error.details.action];
}

export function errorResponse(error: AppError): ErrorResponse {
  return API_ERRORS[error.code](error);
}
