import { isExpired } from './clock.ts';

/** What the rule needs of a token (its row, or the row joined to its user). */
export interface TokenLifetime {
  revoked: number;
  expires_at: string | null;
  /** Set when a rotation with a grace period superseded the token: it works until then (exclusive). */
  active_until: string | null;
}

/**
 * Where a token stands at `now`: `active`; `revoked`; `superseded` (rotated with a grace period
 * that is over: from `active_until` on it is refused like a revoked token); or `expired` (dead from
 * 00:00 UTC on its expires_at date). A token inside its grace period is active.
 */
export type TokenStanding = 'active' | 'revoked' | 'superseded' | 'expired';

/**
 * THE active-token rule, decided with the caller's clock (never cached: a cached row past its
 * `active_until` or its expiry is refused on the next request without any write). `activeTokenAt`
 * in `db/repositories/tokens.ts` says the same as SQL, for lists and for the cleanup of expired bots.
 */
export function tokenStanding(token: TokenLifetime, now: Date): TokenStanding {
  if (token.revoked !== 0) return 'revoked';
  if (token.active_until !== null && now.getTime() >= Date.parse(token.active_until)) return 'superseded';
  if (isExpired(token.expires_at, now)) return 'expired';
  return 'active';
}

export function isActiveToken(token: TokenLifetime, now: Date): boolean {
  return tokenStanding(token, now) === 'active';
}

/**
 * Is presenting this token, which a rotation replaced, a reuse (a leaked copy)? Yes when it is
 * refused as revoked or as superseded after its grace period; a use inside the grace period is the
 * client still switching over, not a reuse.
 */
export function isRotationReuse(token: TokenLifetime, now: Date): boolean {
  const standing = tokenStanding(token, now);
  return standing === 'revoked' || standing === 'superseded';
}

/** The longest grace period a rotation may give the token it replaces (a day). */
export const MAX_GRACE_PERIOD_MINUTES = 1440;
