import type { FastifyRequest } from 'fastify';
import { authenticateBasicOrAnonymous, type BasicCredentials } from '../../auth/authenticate-basic.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import { clientIp } from '../request-principal.ts';

function parseBasicAuthorization(header: string | undefined): BasicCredentials | null {
  if (typeof header !== 'string' || !/^basic\s+/i.test(header)) return null;
  const decoded = Buffer.from(header.replace(/^basic\s+/i, '').trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { username: decoded, password: '' };
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Git over HTTP: HTTP Basic, the password is a token (any non-blank username) or a human's own
 * password. No credential is anonymous: git's first request always comes without one, so it is
 * never a failed login, but it is refused while the address is banned.
 */
export function gitHttpPrincipal(deps: Deps, request: FastifyRequest): Promise<Principal> {
  const credentials = parseBasicAuthorization(request.headers.authorization);
  const usable = credentials === null || (credentials.username.trim() !== '' && credentials.password !== '');
  return authenticateBasicOrAnonymous(deps, usable ? credentials : 'unusable', { ip: clientIp(request) });
}
