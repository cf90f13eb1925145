import type { Deps } from '../deps.ts';
import { pruneTokenActivity } from '../services/tokens/prune-token-activity.ts';
import { startPeriodicJob, type PeriodicJob } from './periodic-job.ts';

const HOUR_MS = 60 * 60 * 1000;

/**
 * Prunes token activity past LATCHKEY_TOKEN_ACTIVITY_DAYS every hour (first run shortly after
 * start), in bounded batches. Every node may run it: deleting old rows is idempotent.
 */
export function startTokenActivityRetention(deps: Deps, options: { intervalMs?: number; firstRunAfterMs?: number } = {}): PeriodicJob {
  return startPeriodicJob(deps, 'token activity retention', () => pruneTokenActivity(deps), {
    intervalMs: options.intervalMs ?? HOUR_MS,
    firstRunAfterMs: options.firstRunAfterMs ?? 60_000,
  });
}
