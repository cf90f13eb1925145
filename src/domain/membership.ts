import { addDays, isExpired, isValidDate, utcDate } from './clock.ts';

/** What the rule below needs of a membership (a member row, or one joined to its user). */
export interface Expiring {
  expires_at: string | null;
}

/**
 * THE effective-membership rule: a membership counts until 00:00 UTC on its expires_at date (the
 * token rule), then it is as if it did not exist, on every transport, at once. Decided at use with
 * the caller's clock, so a cached row stops counting at midnight with no write.
 * A bot's membership carries its token's date, so it ends with the token.
 * `repositories/members.ts` (activeOn) says the same as SQL, for lists.
 */
export function activeMembership<T extends Expiring>(member: T | undefined, now: Date): T | undefined {
  return member !== undefined && !isExpired(member.expires_at, now) ? member : undefined;
}

/** The last date on which memberships ended: one with expires_at on or before it no longer counts. */
export function lastExpiredDate(now: Date): string {
  return utcDate(now);
}

/** The earliest expires_at a new or changed membership may have: tomorrow (UTC); today would be dead on arrival. */
export function earliestMemberExpiry(now: Date): string {
  return addDays(utcDate(now), 1);
}

/**
 * Why a new or changed membership may not end on `expiresAt` (null: it may), in GitLab's words.
 * GitLab's validator lets today through, but such a membership is expired on arrival: refused too.
 */
export function memberExpiryProblem(expiresAt: string | null, now: Date): string | null {
  if (expiresAt === null) return null;
  if (!isValidDate(expiresAt)) return 'is invalid';
  return expiresAt < earliestMemberExpiry(now) ? 'cannot be a date in the past' : null;
}

/**
 * THE inheritance rule: a user's level on a project (or group) is the highest of their direct
 * membership and their memberships of its group and every ancestor group, each counting only
 * while active (the rule above). 0 when none counts.
 */
export function effectiveLevel(memberships: readonly (Expiring & { access_level: number })[], now: Date): number {
  let level = 0;
  for (const member of memberships) {
    if (activeMembership(member, now) !== undefined && member.access_level > level) level = member.access_level;
  }
  return level;
}
