import type { Deps } from '../deps.ts';
import { pruneOldWebhookDeliveries } from '../services/webhooks/prune-webhook-deliveries.ts';
import { startPeriodicJob, type PeriodicJob } from './periodic-job.ts';

const HOUR_MS = 60 * 60 * 1000;

/** Trims the webhook delivery log to its 7 days every hour (first run shortly after start), on every node. */
export function startWebhookDeliveryPruning(deps: Deps, options: { intervalMs?: number; firstRunAfterMs?: number } = {}): PeriodicJob {
  return startPeriodicJob(deps, 'webhook delivery log pruning', () => pruneOldWebhookDeliveries(deps), {
    intervalMs: options.intervalMs ?? HOUR_MS,
    firstRunAfterMs: options.firstRunAfterMs ?? 60_000,
  });
}
