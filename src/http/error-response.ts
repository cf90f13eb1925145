import { AppError } from '../domain/errors.ts';

export interface ErrorResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

const BEARER = 'Bearer realm="Protected by OAuth 2.0"';
const INVALID_TOKEN = `${BEARER}, error="invalid_token"`;

/** AppError → GitLab's status, body and headers (docs/GITLAB-COMPATIBILITY.md, "Error bodies"). */
export function errorResponse(error: AppError): ErrorResponse {
  switch (error.code) {
    case 'unauthorized':
      return { status: 401, body: { message: '401 Unauthorized' }, headers: { 'www-authenticate': BEARER } };
    case 'token_expired':
      return {
        status: 401,
        body: { error: 'invalid_token', error_description: 'Token is expired. You can either do re-authorization or token refresh.' },
        headers: { 'www-authenticate': INVALID_TOKEN },
      };
    case 'token_revoked':
      return {
        status: 401,
        body: { error: 'invalid_token', error_description: 'Token was revoked. You have to re-authorize from the user.' },
        headers: { 'www-authenticate': INVALID_TOKEN },
      };
    case 'insufficient_scope': {
      const scopes = (error.details.scopes as string[] | undefined) ?? ['api'];
      return {
        status: 403,
        body: {
          error: 'insufficient_scope',
          error_description: 'The request requires higher privileges than provided by the access token.',
          scope: scopes.join(' '),
        },
        headers: { 'www-authenticate': `${BEARER}, error="insufficient_scope", scope="${scopes.join(' ')}"` },
      };
    }
    case 'forbidden':
      return { status: 403, body: { message: error.message === 'Forbidden' ? '403 Forbidden' : `403 Forbidden - ${error.message}` }, headers: {} };
    case 'banned':
      return { status: 403, body: { message: '403 Forbidden' }, headers: {} };
    case 'not_found':
      return { status: 404, body: { message: `404 ${error.message}` }, headers: {} };
    case 'validation':
      return { status: 400, body: { error: error.message }, headers: {} };
    case 'bad_request':
      // GitLab's bad_request! without a reason says just "400 Bad request".
      return { status: 400, body: { message: error.message === '' ? '400 Bad request' : `400 Bad request - ${error.message}` }, headers: {} };
    case 'field_errors':
      return { status: 400, body: { message: error.details.errors }, headers: {} };
    case 'conflict':
      return { status: 409, body: { message: error.message }, headers: {} };
    case 'method_not_allowed':
      return { status: 405, body: { message: '405 Method Not Allowed' }, headers: {} };
    case 'unavailable':
      return { status: 503, body: { message: '503 Service Unavailable' }, headers: { 'retry-after': '5' } };
  }
}
