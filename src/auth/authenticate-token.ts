import type { AuthContext } from '../domain/auth-transport.ts';
import { AppError } from '../domain/errors.ts';
import { tokenStanding } from '../domain/active-token.ts';
import { ipAllowed } from '../domain/ip-allowlist.ts';
import type { TokenPrincipal } from '../domain/principal.ts';
import { maySignIn } from '../domain/sign-in.ts';
import { hasValidTokenShape, tokenDigest } from '../domain/token-format.ts';
import { findTokenRowByDigest } from '../db/repositories/tokens.ts';
import type { Deps } from '../deps.ts';
import { AddressDeniedError } from './authentication-outcome.ts';
import { recordAddressDenial } from './record-address-denial.ts';
import { recordTokenUse } from './record-token-use.ts';

/**
 * A revoked token, or one superseded by a rotation whose grace period is over, was presented. The
 * request fails as revoked; the error names the token, for the revoked-token check authenticate.ts
 * runs (reuse detection of rotated-away tokens).
 */
class RevokedTokenError extends AppError {
  constructor(readonly tokenId: number) {
    super('token_revoked', 'Token was revoked');
  }
}

/** The id of the revoked token an authentication error is about, if it is one. */
export function revokedTokenIdOf(error: unknown): number | null {
  return error instanceof RevokedTokenError ? error.tokenId : null;
}

/**
 * A token string becomes a Principal, for every transport (the context names it). Malformed tokens
 * are refused before any database read; a known token costs no read while nothing it depends on
 * changed (src/db/cached-reads.ts), an unknown one an indexed lookup by digest.
 */
export async function authenticateToken(deps: Deps, token: string, context: AuthContext): Promise<TokenPrincipal> {
  if (!hasValidTokenShape(token)) throw new AppError('unauthorized', 'Unauthorized');
  const digest = tokenDigest(deps.secret, token);
  const found = await deps.cachedReads.tokenByDigest(digest);
  if (!found) {
    // A revoked project access token has lost its bot user; say "revoked", not "unknown".
    const orphan = await findTokenRowByDigest(deps.db, digest);
    if (orphan?.revoked) throw new RevokedTokenError(orphan.id);
    throw new AppError('unauthorized', 'Unauthorized');
  }
  const { token: row, user } = found;
  const now = deps.clock.now();
  // Decided at use from the clock, like expiry: a cached row past its grace period is refused
  // on the very next request. A superseded token past its grace period is refused as revoked.
  const standing = tokenStanding(row, now);
  if (standing === 'revoked' || standing === 'superseded') throw new RevokedTokenError(row.id);
  if (!ipAllowed(found.principal.token.allowedIps, context.ip)) {
    // Refused exactly as an unknown token is (and counted by the failed-auth ban where that counts).
    await recordAddressDenial(deps, found, context, now);
    throw new AddressDeniedError();
  }
  if (standing === 'expired') throw new AppError('token_expired', 'Token is expired');
  if (!maySignIn(user, 'token')) throw new AppError('unauthorized', 'Unauthorized');
  await recordTokenUse(deps, found, context.ip, now);
  return found.principal;
}
