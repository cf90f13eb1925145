import type { FastifyReply } from 'fastify';
import { AppError, type ErrorCode } from '../../domain/errors.ts';
import { GIT_PROJECT_NOT_FOUND } from '../../services/repository/authorize-git-access.ts';

export const BASIC_CHALLENGE = 'Basic realm="Latchkey"';

const ACCESS_DENIED =
  'HTTP Basic: Access denied. The provided password or token is incorrect or your account has 2FA enabled and you must use a personal access token instead of a password.';

/** A refusal as git shows it: a status and one line of text/plain, which git prints as `remote: <line>`. */
export interface GitRefusal {
  status: number;
  text: string;
  /** Ask for credentials (`WWW-Authenticate: Basic`), so git prompts or retries with a token. */
  challenge: boolean;
  headers?: Record<string, string>;
}

const refusal = (status: number, text: string, challenge = false): GitRefusal => ({ status, text, challenge });

/** Every error code as git over HTTP answers it. */
export const GIT_HTTP_REFUSALS: Record<ErrorCode, (error: AppError) => GitRefusal> = {
  unauthorized: () => refusal(401, ACCESS_DENIED, true),
  token_expired: () => refusal(401, 'Token is expired. You can either do re-authorization or token refresh.', true),
  token_revoked: () => refusal(401, 'Token was revoked. You have to re-authorize from the user.', true),
  banned: () => refusal(403, 'Too many failed authentication attempts from this address. Try again later.'),
  insufficient_scope: () => refusal(403, 'The scopes of the provided token do not allow this.'),
  // The service's words: "You are not allowed to upload code." and the like.
  not_permitted: (error) => refusal(403, error.message),
  not_found: () => refusal(404, GIT_PROJECT_NOT_FOUND),
  validation: (error) => refusal(400, error.message),
  bad_request: (error) => refusal(400, error.message),
  field_errors: (error) => refusal(400, error.message),
  conflict: (error) => refusal(409, error.message),
  unavailable: () => ({ ...refusal(503, 'Latchkey cannot reach its database right now. Try again later.'), headers: { 'retry-after': '5' } }),
};

/**
 * The refusal for `error`. An anonymous caller who is refused anything is asked for credentials
 * instead (401), whether or not the project exists, so nothing leaks and git can retry with a
 * token; a ban and an outage are told as they are.
 */
export function gitRefusal(error: AppError, anonymous: boolean): GitRefusal {
  const answer = GIT_HTTP_REFUSALS[error.code](error);
  if (anonymous && error.code !== 'banned' && answer.status < 500) return GIT_HTTP_REFUSALS.unauthorized(error);
  return answer;
}

export function sendGitRefusal(reply: FastifyReply, error: unknown, anonymous: boolean): FastifyReply {
  if (!(error instanceof AppError)) throw error;
  const answer = gitRefusal(error, anonymous);
  if (answer.challenge) reply.header('www-authenticate', BASIC_CHALLENGE);
  if (answer.headers) reply.headers(answer.headers);
  return reply.code(answer.status).type('text/plain; charset=utf-8').send(`${answer.text}\n`);
}
