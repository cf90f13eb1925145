import { addDays, utcDate } from '../../domain/clock.ts';
import { daysUntilExpiry } from '../../domain/token-expiry.ts';
import { claimTokenNotice, listTokensExpiringBetween, type NoticeThreshold } from '../../db/repositories/token-notices.ts';
import type { TokenRow, UserRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { queueTokenNotice } from './queue-token-notice.ts';
import type { TokenNotice } from './token-notice-mail.ts';

/** Days before the expiry date a notice goes out, most urgent first. */
export const EXPIRY_THRESHOLDS = [1, 7, 30, 60] as const;

export interface SentNotice {
  tokenId: number;
  projectId: number | null;
  threshold: NoticeThreshold;
  mails: number;
  hooks: number;
}

/**
 * The notice a token is due on `today`: `expired` on its expiry date (it died at 00:00 UTC),
 * otherwise the most urgent threshold it is within (5 days left: the 7-day one). Thresholds a token
 * was never notified of because it was created inside them are not sent later: one created 5 days
 * before its expiry gets the 7-day notice, then the 1-day one, then `expired`.
 */
export function dueNotice(expiresAt: string, today: string): TokenNotice | null {
  const daysLeft = daysUntilExpiry(expiresAt, today);
  if (daysLeft === 0) return { kind: 'expired' };
  const threshold = EXPIRY_THRESHOLDS.find((days) => daysLeft > 0 && daysLeft <= days);
  return threshold === undefined ? null : { kind: 'expiring', threshold, daysLeft };
}

/** Who a notice about the token is for exists: a project or group token's holder, or an active human owner. */
function mayNotify(token: TokenRow, user: Pick<UserRow, 'user_type' | 'state'>): boolean {
  if (token.project_id !== null || token.group_id !== null) return user.user_type === 'project_bot';
  return user.user_type === 'human' && user.state === 'active';
}

/**
 * The expiry check: for every token not revoked (personal and project access tokens) that is due a
 * notice today (UTC, deps.clock), records the notice and queues its mails and webhook event in one
 * transaction. The (token, threshold) key makes each notice happen once, whichever node, run or
 * restart gets there first; a run that loses the race queues nothing. Returns the notices it sent.
 */
export async function notifyExpiringTokens(deps: Deps): Promise<SentNotice[]> {
  const now = deps.clock.now();
  const today = utcDate(now);
  const candidates = await listTokensExpiringBetween(deps.db, today, addDays(today, EXPIRY_THRESHOLDS[EXPIRY_THRESHOLDS.length - 1]));
  const sent: SentNotice[] = [];
  for (const { token, user } of candidates) {
    const notice = dueNotice(token.expires_at!, today);
    if (notice === null || !mayNotify(token, user)) continue;
    const threshold: NoticeThreshold = notice.kind === 'expiring' ? (String(notice.threshold) as NoticeThreshold) : 'expired';
    const queued = await deps.db.transaction().execute(async (trx) => {
      if (!(await claimTokenNotice(trx, token.id, threshold, now.toISOString()))) return null;
      return queueTokenNotice(trx, deps, token, notice);
    });
    if (queued) sent.push({ tokenId: token.id, projectId: token.project_id, threshold, ...queued });
  }
  if (sent.length > 0) deps.log.info({ notices: sent.length }, 'queued token expiry notices');
  return sent;
}
