const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `today` to a token's expiry date (both `YYYY-MM-DD`): 0 on the date it died, negative after. */
export function daysUntilExpiry(expiresAt: string, today: string): number {
  return Math.round((Date.parse(`${expiresAt}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
}

/** How close to its expiry a token is flagged (token tables' badge, the project banner): within a week either side. */
export const EXPIRY_WARNING_DAYS = 7;

/** The badge of a token near its expiry (`Expires in 3 days`, `Expires tomorrow`, `Expired`), or null when not within the warning. */
export function expiryBadge(expiresAt: string | null, today: string): string | null {
  if (expiresAt === null) return null;
  const days = daysUntilExpiry(expiresAt, today);
  if (days <= 0) return 'Expired';
  if (days > EXPIRY_WARNING_DAYS) return null;
  return days === 1 ? 'Expires tomorrow' : `Expires in ${days} days`;
}
