import { pruneWebhookDeliveries } from '../../db/repositories/webhook-deliveries.ts';
import type { Deps } from '../../deps.ts';

/** How long the delivery log keeps an attempt (GitLab keeps its web hook logs 7 days). */
export const WEBHOOK_DELIVERY_RETENTION_MS = 7 * 24 * 3_600_000;

/** Removes the delivery log older than the retention; safe on every node at once. Returns how many rows went. */
export async function pruneOldWebhookDeliveries(deps: Deps): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - WEBHOOK_DELIVERY_RETENTION_MS).toISOString();
  return pruneWebhookDeliveries(deps.db, before);
}
