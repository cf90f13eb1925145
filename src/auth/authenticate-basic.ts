import type { AuthContext } from '../domain/auth-transport.ts';
import type { UserPrincipal } from '../domain/principal.ts';
import { hasValidTokenShape } from '../domain/token-format.ts';
import type { Deps } from '../deps.ts';
import { authenticatePassword } from './authenticate-password.ts';
import { authenticateToken } from './authenticate-token.ts';

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
