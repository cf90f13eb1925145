import type { FastifyRequest } from 'fastify';
import { authenticateBasicOrAnonymous, type BasicCredentials } from '../auth/authenticate-basic.ts';
import { authenticateToken } from '../auth/authenticate-token.ts';
import { AppError } from '../domain/errors.ts';
import { ANONYMOUS, type Principal } from '../domain/principal.ts';
import type { Deps } from '../deps.ts';

/** The API token a request carries: PRIVATE-TOKEN, Authorization: Bearer, or ?private_token=. */
export function apiTokenOf(request: FastifyRequest): { token: string; fromQuery: boolean } | null {
  const header = request.headers['private-token'];
  if (typeof header === 'string' && header.length > 0) return { token: header.trim(), fromQuery: false };
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && /^bearer\s+/i.test(authorization)) {
    return { token: authorization.replace(/^bearer\s+/i, '').trim(), fromQuery: false };
  }
  const query = request.query as Record<string, unknown> | undefined;
  const fromQuery = query?.private_token ?? query?.access_token;
  if (typeof fromQuery === 'string' && fromQuery.length > 0) return { token: fromQuery, fromQuery: true };
  return null;
}

export function clientIp(request: FastifyRequest): string {
  return request.ip;
}

/** The API's way into auth/: a token, or anonymous. */
export async function apiPrincipal(deps: Deps, request: FastifyRequest): Promise<Principal> {
  const credential = apiTokenOf(request);
  if (credential === null) return ANONYMOUS;
  if (credential.fromQuery) {
    if (!deps.config.allowTokenInQuery) {
      request.log.warn('a token passed in the URL query was refused (LATCHKEY_ALLOW_TOKEN_IN_QUERY=false)');
      throw new AppError('unauthorized', 'Unauthorized');
    }
    request.log.warn('a token was passed in the URL query; send it in the PRIVATE-TOKEN header instead');
  }
  return authenticateToken(deps, credential.token, { ip: clientIp(request), transport: 'api' });
}

/**
 * `Authorization: Basic …`: null when absent or another scheme (anonymous); 'unusable' when it
 * names no password (no colon, or an empty password), which counts as a failed login.
 */
export function basicCredentialsOf(header: string | undefined): BasicCredentials | 'unusable' | null {
  const match = typeof header === 'string' ? /^basic\s+(\S*)\s*$/i.exec(header) : null;
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0 || colon === decoded.length - 1) return 'unusable';
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Git over HTTP and the registry's token endpoint: HTTP Basic with a token as the password (git
 * also wants a non-blank username, as GitLab does) or a human's own password, under the
 * failed-auth ban. No credentials is anonymous, refused only while the address is banned.
 */
export function basicPrincipal(
  deps: Deps,
  request: FastifyRequest,
  options: { transport: 'git_http' | 'registry'; requireUsername: boolean },
): Promise<Principal> {
  const credentials = basicCredentialsOf(request.headers.authorization);
  const blankUsername = credentials !== null && credentials !== 'unusable' && credentials.username.trim() === '';
  const context = { ip: clientIp(request), transport: options.transport };
  return authenticateBasicOrAnonymous(deps, options.requireUsername && blankUsername ? 'unusable' : credentials, context);
}
