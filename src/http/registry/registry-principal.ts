import type { FastifyRequest } from 'fastify';
import { authenticateBasicOrAnonymous, type BasicCredentials } from '../../auth/authenticate-basic.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import { clientIp } from '../request-principal.ts';

/** `Authorization: Basic …` as username and password; null when the header is absent or another scheme. */
function basicCredentials(header: string | undefined): BasicCredentials | 'malformed' | null {
  if (header === undefined) return null;
  const match = /^basic\s+(\S*)\s*$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * The registry token endpoint's way into auth/: HTTP Basic with a token (any username) or a
 * human's password, counted by the failed-authentication ban; no credentials is anonymous
 * (which may still pull public images), but a banned address is refused either way.
 */
export function registryPrincipal(deps: Deps, request: FastifyRequest): Promise<Principal> {
  const credentials = basicCredentials(request.headers.authorization);
  const unusable = credentials === 'malformed' || (credentials !== null && credentials.password.length === 0);
  return authenticateBasicOrAnonymous(deps, unusable ? 'unusable' : credentials, { ip: clientIp(request) });
}
