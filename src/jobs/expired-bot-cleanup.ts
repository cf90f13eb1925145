import type { Deps } from '../deps.ts';
import { cleanupExpiredBots } from '../services/tokens/cleanup-expired-bots.ts';
import { startPeriodicJob, type PeriodicJob } from './periodic-job.ts';

export type { PeriodicJob } from './periodic-job.ts';

const HOUR_MS = 60 * 60 * 1000;

/**
 * Removes the bots of long-expired project access tokens every hour (first run shortly after
 * start). Every node may run it: the service is safe to run concurrently.
 */
export function startExpiredBotCleanup(deps: Deps, options: { intervalMs?: number; firstRunAfterMs?: number } = {}): PeriodicJob {
  return startPeriodicJob(deps, 'expired bot cleanup', () => cleanupExpiredBots(deps), {
    intervalMs: options.intervalMs ?? HOUR_MS,
    firstRunAfterMs: options.firstRunAfterMs ?? 60_000,
  });
}
