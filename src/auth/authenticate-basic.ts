import type { AuthContext } from '../domain/auth-transport.ts';
import { AppError } from '../domain/errors.ts';
import { ANONYMOUS, type Principal, type UserPrincipal } from '../domain/principal.ts';
import { hasValidTokenShape } from '../domain/token-format.ts';
import type { Deps } from '../deps.ts';
import { authenticatePassword } from './authenticate-password.ts';
import { authenticateToken } from './authenticate-token.ts';
import { assertNotBanned, withFailedAuthBan } from './failed-auth-ban.ts';

export interface BasicCredentials {
  username: string;
  password: string;
}

/**
 * The login a username/password pair tries for the failed-auth ban: the username when the
 * password is a human's password, null when it is a token (any username will do then).
 */
export function passwordLogin(username: string, password: string): string | null {
  return hasValidTokenShape(password) ? null : username;
}

/**
 * HTTP Basic (git, registry) and SSH passwords: the password is a token (any username will do),
 * or a human's own password.
 */
export function authenticateBasic(deps: Deps, username: string, password: string, context: AuthContext): Promise<UserPrincipal> {
  if (hasValidTokenShape(password)) return authenticateToken(deps, password, context);
  return authenticatePassword(deps, username, password);
}

/**
 * HTTP Basic as git and the registry token endpoint take it, under the failed-authentication ban:
 * no credentials (null) is anonymous, refused only while the address is banned; credentials the
 * transport found unusable fail like a wrong password and count as a failure.
 */
export async function authenticateBasicOrAnonymous(
  deps: Deps,
  credentials: BasicCredentials | 'unusable' | null,
  context: AuthContext,
): Promise<Principal> {
  if (credentials === null) {
    await assertNotBanned(deps, context.ip);
    return ANONYMOUS;
  }
  if (credentials === 'unusable') {
    return withFailedAuthBan(deps, context.ip, () => Promise.reject(new AppError('unauthorized', 'Unauthorized')));
  }
  const { username, password } = credentials;
  return withFailedAuthBan(deps, context.ip, () => authenticateBasic(deps, username, password, context), passwordLogin(username, password));
}
