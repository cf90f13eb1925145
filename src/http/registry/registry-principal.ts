import type { FastifyRequest } from 'fastify';
import { authenticateBasic } from '../../auth/authenticate-basic.ts';
import { assertNotBanned, withFailedAuthBan } from '../../auth/failed-auth-ban.ts';
import { AppError } from '../../domain/errors.ts';
import { ANONYMOUS, type Principal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import { clientIp } from '../request-principal.ts';

/** `Authorization: Basic …` as username and password; null when the header is absent or another scheme. */
function basicCredentials(header: string | undefined): { username: string; password: string } | 'malformed' | null {
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
export async function registryPrincipal(deps: Deps, request: FastifyRequest): Promise<Principal> {
  const ip = clientIp(request);
  const credentials = basicCredentials(request.headers.authorization);
  if (credentials === null) {
    await assertNotBanned(deps, ip);
    return ANONYMOUS;
  }
  return withFailedAuthBan(deps, ip, async () => {
    if (credentials === 'malformed' || credentials.password.length === 0) throw new AppError('unauthorized', 'Unauthorized');
    return authenticateBasic(deps, credentials.username, credentials.password, { ip });
  });
}
