import type { FastifyReply } from 'fastify';
import { AppError } from '../../domain/errors.ts';
import { GIT_PROJECT_NOT_FOUND } from '../../services/authorize-git-access.ts';

export const BASIC_CHALLENGE = 'Basic realm="Latchkey"';

const ACCESS_DENIED =
  'HTTP Basic: Access denied. The provided password or token is incorrect or your account has 2FA enabled and you must use a personal access token instead of a password.';

/**
 * A refusal as git shows it: a text/plain body, which git prints as `remote: <line>`. An
 * anonymous caller who may not do something is asked for credentials instead (401), whether or
 * not the project exists, so nothing leaks and git can retry with a token.
 */
export function sendGitRefusal(reply: FastifyReply, error: unknown, anonymous: boolean): FastifyReply {
  if (!(error instanceof AppError)) throw error;
  const text = (status: number, body: string) => reply.code(status).type('text/plain; charset=utf-8').send(`${body}\n`);
  if (error.code === 'banned') return text(403, 'Too many failed authentication attempts from this address. Try again later.');
  if (anonymous || error.code === 'unauthorized') {
    reply.header('www-authenticate', BASIC_CHALLENGE);
    return text(401, ACCESS_DENIED);
  }
  switch (error.code) {
    case 'token_expired':
      reply.header('www-authenticate', BASIC_CHALLENGE);
      return text(401, 'Token is expired. You can either do re-authorization or token refresh.');
    case 'token_revoked':
      reply.header('www-authenticate', BASIC_CHALLENGE);
      return text(401, 'Token was revoked. You have to re-authorize from the user.');
    case 'not_found':
      return text(404, GIT_PROJECT_NOT_FOUND);
    case 'forbidden':
      return text(403, error.message);
    default:
      throw error;
  }
}
