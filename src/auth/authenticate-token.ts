import type { AuthContext } from '../domain/auth-transport.ts';
import { AppError } from '../domain/errors.ts';
import { isExpired } from '../domain/clock.ts';
import type { TokenPrincipal } from '../domain/principal.ts';
import { parseScopes } from '../domain/scopes.ts';
import { hasValidTokenShape, tokenDigest } from '../domain/token-format.ts';
import { findTokenByDigest, findTokenRowByDigest, tokenRowKey, type TokenWithUser } from '../db/repositories/tokens.ts';
import { toActor } from '../db/repositories/users.ts';
import type { TokenRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { detectTokenReuse } from '../services/detect-token-reuse.ts';
import { recordTokenUse } from './record-token-use.ts';

/** A token as the read cache keeps it: its rows and the principal they make, built once. */
interface KnownToken extends TokenWithUser {
  principal: TokenPrincipal;
}

async function lookUp(deps: Deps, digest: string): Promise<KnownToken | undefined> {
  const found = await findTokenByDigest(deps.db, digest);
  if (!found) return undefined;
  const { token, user } = found;
  return {
    ...found,
    principal: {
      kind: 'user',
      user: toActor(user),
      via: 'token',
      token: { id: token.id, scopes: parseScopes(token.scopes), projectId: token.project_id },
    },
  };
}

/**
 * A revoked token was presented: if it was rotated away, that is reuse, and its whole rotation
 * chain goes (services/detect-token-reuse.ts). Either way the request fails as revoked.
 */
async function revoked(deps: Deps, row: TokenRow, context: AuthContext): Promise<AppError> {
  await detectTokenReuse(deps, row, context);
  return new AppError('token_revoked', 'Token was revoked');
}

/**
 * The one place a token string becomes a Principal, for every transport (the context names it).
 * Malformed tokens are refused before any database read; a known token costs no read while the
 * auth epoch stands still (src/db/read-cache.ts), an unknown one an indexed lookup by digest.
 */
export async function authenticateToken(deps: Deps, token: string, context: AuthContext): Promise<TokenPrincipal> {
  if (!hasValidTokenShape(token)) throw new AppError('unauthorized', 'Unauthorized');
  const digest = tokenDigest(deps.secret, token);
  await deps.readCache.refresh();
  const found = await deps.readCache.read(`token:${digest}`, () => lookUp(deps, digest), {
    keep: (known) => known !== undefined && !known.token.revoked,
    also: (known) => [[tokenRowKey(known!.token.id), known!.token]],
  });
  if (!found) {
    // A revoked project access token has lost its bot user; say "revoked", not "unknown".
    const orphan = await findTokenRowByDigest(deps.db, digest);
    if (orphan?.revoked) throw await revoked(deps, orphan, context);
    throw new AppError('unauthorized', 'Unauthorized');
  }
  const { token: row, user } = found;
  if (row.revoked) throw await revoked(deps, row, context);
  const now = deps.clock.now();
  if (isExpired(row.expires_at, now)) throw new AppError('token_expired', 'Token is expired');
  if (user.state !== 'active' || user.user_type === 'ghost') throw new AppError('unauthorized', 'Unauthorized');
  await recordTokenUse(deps, row, context.ip, now);
  return found.principal;
}
