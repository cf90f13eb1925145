import { tokenStanding } from '../domain/active-token.ts';
import type { AuthContext } from '../domain/auth-transport.ts';
import { ipAllowed } from '../domain/ip-allowlist.ts';
import { parseTokenLimit } from '../domain/token-limits.ts';
import { AppError } from '../domain/errors.ts';
import type { UserPrincipal } from '../domain/principal.ts';
import { maySignIn } from '../domain/sign-in.ts';
import { findSshKeyOfUser } from '../db/repositories/ssh-keys.ts';
import { findTokenById } from '../db/repositories/tokens.ts';
import { findUserById } from '../db/repositories/users.ts';
import type { Deps } from '../deps.ts';
import { keyAuthenticates } from './authenticate-ssh-key.ts';

/**
 * Is a principal established earlier still good now? An SSH connection authenticates once and may
 * run git commands on it for hours (ControlMaster): each command asks again, so a revoked or
 * expired token (or one past its rotation's grace period), a deleted key or a blocked user stops
 * working on the very next command. Answers the principal as it stands now (a token's address and
 * ref limits re-read).
 */
export async function reconfirmPrincipal(deps: Deps, principal: UserPrincipal, context: AuthContext): Promise<UserPrincipal> {
  const now = deps.clock.now();
  let current = principal;
  if (principal.via === 'token') {
    const token = await findTokenById(deps.db, principal.token.id);
    // A connection opened inside a rotation's grace period stops with it, as revoked; it was a
    // legitimate use when it began, so this is no reuse (the chain lives on).
    const standing = token ? tokenStanding(token, now) : 'revoked';
    if (!token || standing === 'revoked' || standing === 'superseded') throw new AppError('token_revoked', 'Token was revoked');
    if (standing === 'expired') throw new AppError('token_expired', 'Token is expired');
    // An address allowlist set while the connection was open applies to its next command.
    const allowedIps = parseTokenLimit(token.allowed_ips);
    if (!ipAllowed(allowedIps, context.ip)) throw new AppError('unauthorized', 'Unauthorized');
    // The token's limits as they are now, for this command's decisions (ref scope).
    current = { ...principal, token: { ...principal.token, allowedIps, allowedRefs: parseTokenLimit(token.allowed_refs) } };
  }
  if (principal.via === 'ssh_key' && !keyAuthenticates(await findSshKeyOfUser(deps.db, principal.user.id, principal.keyId), now)) {
    throw new AppError('unauthorized', 'Unauthorized');
  }
  const user = await findUserById(deps.db, principal.user.id);
  if (!maySignIn(user, principal.via)) throw new AppError('unauthorized', 'Unauthorized');
  return current;
}
