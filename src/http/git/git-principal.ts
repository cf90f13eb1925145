import type { FastifyRequest } from 'fastify';
import { authenticateBasic } from '../../auth/authenticate-basic.ts';
import { assertNotBanned, withFailedAuthBan } from '../../auth/failed-auth-ban.ts';
import { AppError } from '../../domain/errors.ts';
import { ANONYMOUS, type Principal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import { clientIp } from '../request-principal.ts';

export function parseBasicAuthorization(header: string | undefined): { username: string; password: string } | null {
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
export async function gitHttpPrincipal(deps: Deps, request: FastifyRequest): Promise<Principal> {
  const ip = clientIp(request);
  const credentials = parseBasicAuthorization(request.headers.authorization);
  if (credentials === null) {
    await assertNotBanned(deps, ip);
    return ANONYMOUS;
  }
  return withFailedAuthBan(deps, ip, async () => {
    if (credentials.username.trim() === '' || credentials.password === '') throw new AppError('unauthorized', 'Unauthorized');
    return authenticateBasic(deps, credentials.username, credentials.password, { ip });
  });
}
