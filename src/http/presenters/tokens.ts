import { isActiveToken } from '../../domain/active-token.ts';
import { parseScopes } from '../../domain/scopes.ts';
import { parseTokenLimit } from '../../domain/token-limits.ts';
import type { TokenRow } from '../../db/schema.ts';

/** GitLab's token entity. The secret is added only by the create and rotate routes. */
export function presentToken(token: TokenRow, now: Date) {
  return {
    id: token.id,
    name: token.name,
    description: token.description,
    revoked: token.revoked === 1,
    created_at: token.created_at,
    scopes: parseScopes(token.scopes),
    user_id: token.user_id,
    last_used_at: token.last_used_at,
    active: isActiveToken(token, now),
    expires_at: token.expires_at,
    // Latchkey's own: set while a rotation's grace period keeps a superseded token working.
    superseded_at: token.superseded_at,
    active_until: token.active_until,
    ...(token.access_level !== null && { access_level: token.access_level }),
    // Latchkey's token limits; an empty list: unrestricted.
    allowed_ips: parseTokenLimit(token.allowed_ips) ?? [],
    allowed_refs: parseTokenLimit(token.allowed_refs) ?? [],
  };
}

export function presentTokenWithIps(token: TokenRow, now: Date) {
  return { ...presentToken(token, now), last_used_ips: JSON.parse(token.last_used_ips) as string[] };
}

export function presentNewToken(token: TokenRow, plain: string, now: Date) {
  return { ...presentToken(token, now), token: plain };
}
