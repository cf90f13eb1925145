import { isExpired } from './clock.ts';

/** What the rule needs of a token (its row, or the row joined to its user). */
export interface TokenLifetime {
  revoked: number;
  expires_at: string | null;
}

/**
 * THE active-token rule: not revoked, and not expired (a token is dead from 00:00 UTC on its
 * expires_at date), decided with the caller's clock. `activeTokenOn` in `db/repositories/tokens.ts`
 * says the same as SQL, for lists and for the cleanup of expired bots.
 */
export function isActiveToken(token: TokenLifetime, now: Date): boolean {
  return token.revoked === 0 && !isExpired(token.expires_at, now);
}
