import type { FastifyRequest } from 'fastify';
import { authenticate, type Authenticated, type Credential } from '../auth/authenticate.ts';
import type { AuthTransport } from '../domain/auth-transport.ts';
import { AppError } from '../domain/errors.ts';
import type { Principal } from '../domain/principal.ts';
import type { Deps } from '../deps.ts';
import { detectTokenReuse } from '../services/tokens/detect-token-reuse.ts';

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

/**
 * HTTP's one way into auth/ (API, git, registry, web): once per request, from the hook or route
 * that authenticates. A revoked token that was rotated away revokes its rotation chain.
 */
export function authenticateRequest<C extends Credential>(
  deps: Deps,
  request: FastifyRequest,
  credential: C,
  transport: AuthTransport,
): Promise<Authenticated<C>> {
  return authenticate(deps, credential, { ip: clientIp(request), transport }, detectTokenReuse);
}

/** The API's credential: a token, or none. */
function apiCredential(deps: Deps, request: FastifyRequest): Extract<Credential, { kind: 'none' | 'token' }> {
  const credential = apiTokenOf(request);
  if (credential === null) return { kind: 'none' };
  if (credential.fromQuery) {
    if (!deps.config.allowTokenInQuery) {
      request.log.warn('a token passed in the URL query was refused (LATCHKEY_ALLOW_TOKEN_IN_QUERY=false)');
      throw new AppError('unauthorized', 'Unauthorized');
    }
    request.log.warn('a token was passed in the URL query; send it in the PRIVATE-TOKEN header instead');
  }
  return { kind: 'token', token: credential.token };
}

/** The API's way into auth/ (its preHandler): a token, or anonymous. */
export async function apiPrincipal(deps: Deps, request: FastifyRequest): Promise<Principal> {
  return authenticateRequest(deps, request, apiCredential(deps, request), 'api');
}

/**
 * `Authorization: Basic …`: none when absent or another scheme (anonymous); unusable when it names
 * no password (no colon, or an empty password), which counts as a failed login.
 */
export function basicCredentialOf(header: string | undefined): Extract<Credential, { kind: 'none' | 'unusable' | 'basic' }> {
  const match = typeof header === 'string' ? /^basic\s+(\S*)\s*$/i.exec(header) : null;
  if (!match) return { kind: 'none' };
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0 || colon === decoded.length - 1) return { kind: 'unusable' };
  return { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Git over HTTP and the registry's token endpoint: HTTP Basic with a token as the password (git
 * also wants a non-blank username, as GitLab does) or a human's own password. No credentials is
 * anonymous (refused only while the address is banned).
 */
export function basicPrincipal(
  deps: Deps,
  request: FastifyRequest,
  options: { transport: 'git_http' | 'registry'; requireUsername: boolean },
): Promise<Principal> {
  const credential = basicCredentialOf(request.headers.authorization);
  const blankUsername = credential.kind === 'basic' && credential.username.trim() === '';
  return authenticateRequest(deps, request, options.requireUsername && blankUsername ? { kind: 'unusable' } : credential, options.transport);
}
