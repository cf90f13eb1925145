import type { Deps } from '../deps.ts';
import { notifyExpiringTokens } from '../services/notices/notify-expiring-tokens.ts';
import { startPeriodicJob, type PeriodicJob } from './periodic-job.ts';

const HOUR_MS = 60 * 60 * 1000;

/**
 * Runs the token expiry check shortly after start and every hour, then wakes the outbox delivery
 * when it queued something. Every node may run it: each notice is recorded once, by whichever node
 * gets there first.
 */
export function startExpiryNotices(
  deps: Deps,
  options: { intervalMs?: number; firstRunAfterMs?: number; onQueued?: () => void } = {},
): PeriodicJob {
  return startPeriodicJob(
    deps,
    'token expiry notices',
    async () => {
      const sent = await notifyExpiringTokens(deps);
      if (sent.length > 0) options.onQueued?.();
    },
    { intervalMs: options.intervalMs ?? HOUR_MS, firstRunAfterMs: options.firstRunAfterMs ?? 30_000 },
  );
}
