import type { UserPrincipal } from '../domain/principal.ts';
import { hasValidTokenShape } from '../domain/token-format.ts';
import type { Deps } from '../deps.ts';
import { authenticatePassword } from './authenticate-password.ts';
import { authenticateToken } from './authenticate-token.ts';

/**
 * HTTP Basic (git, registry) and SSH passwords: the password is a token (any username will do),
 * or a human's own password.
 */
export function authenticateBasic(
  deps: Deps,
  username: string,
  password: string,
  context: { ip: string | null },
): Promise<UserPrincipal> {
  if (hasValidTokenShape(password)) return authenticateToken(deps, password, context);
  return authenticatePassword(deps, username, password);
}
