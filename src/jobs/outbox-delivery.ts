import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Deps } from '../deps.ts';
import { deliverDueMessages, type OutboxSenders } from '../services/outbox/deliver-due-messages.ts';

export interface OutboxDelivery {
  /** Look for due messages now instead of at the next poll (after a commit that queued some). */
  wake(): void;
  /** Stops polling and waits for the deliveries in progress. */
  stop(): Promise<void>;
}

/**
 * Delivers the outbox (webhooks, mail) from this node: polls every `pollMs`, and keeps going
 * without waiting while a poll finds a full batch. Every node runs one; claims keep them apart.
 */
export function startOutboxDelivery(
  deps: Deps,
  senders: OutboxSenders,
  options: { pollMs?: number; concurrency?: number } = {},
): OutboxDelivery {
  const node = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const pollMs = options.pollMs ?? 1000;
  const concurrency = options.concurrency ?? 4;
  const limit = concurrency * 4;
  let stopped = false;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;
  // A wake during a run: the run may have claimed before the waking commit, so look again right after.
  let woken = false;

  const schedule = (ms: number) => {
    clearTimeout(timer);
    if (stopped) return;
    timer = setTimeout(run, ms);
    timer.unref();
  };
  const run = () => {
    if (running) return;
    running = (async () => {
      let again = true;
      try {
        while (again && !stopped) {
          woken = false;
          again = (await deliverDueMessages(deps, senders, { node, limit, concurrency })) === limit || woken;
        }
      } catch (error) {
        deps.log.error({ err: error }, 'outbox delivery failed');
      }
    })().finally(() => {
      running = null;
      schedule(pollMs);
    });
  };
  schedule(0);

  return {
    wake() {
      if (running) woken = true;
      else schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      if (running) await running;
    },
  };
}
