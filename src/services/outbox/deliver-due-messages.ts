import type { Deps } from '../../deps.ts';
import { claimDueOutbox, releaseOutboxClaims, removeOutboxMessage, retryOutboxMessage, type OutboxKind } from '../../db/repositories/outbox.ts';
import type { OutboxRow } from '../../db/schema.ts';

/** What a sender decided about one message. */
export type OutboxOutcome =
  | { outcome: 'done' }
  | { outcome: 'retry'; at: Date; error: string }
  /** Given up: removed from the queue (the sender has recorded why, where it keeps such things). */
  | { outcome: 'drop'; error: string };

/** Sends one message of its kind; throwing counts as a failure retried with the default backoff. */
export type OutboxSender = (deps: Deps, message: OutboxRow) => Promise<OutboxOutcome>;

export type OutboxSenders = Record<OutboxKind, OutboxSender>;

/** How long a claim holds: longer than any sender may take (a webhook times out after 10 s). */
export const OUTBOX_LEASE_MS = 60_000;
const MAX_ATTEMPTS_AFTER_THROW = 20;

/** The wait before retrying a message that threw: 10 s doubling per attempt, at most an hour. */
export function defaultBackoffMs(attempts: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/**
 * Claims the messages due now and sends them, at most `concurrency` at a time; returns how many it
 * claimed. Every node may run this at once: a message is held by one claim at a time, and a claim
 * left by a node that died runs out after OUTBOX_LEASE_MS. A message is removed only after its
 * sender answered, so a crash before that sends it again (at least once).
 */
export async function deliverDueMessages(
  deps: Deps,
  senders: OutboxSenders,
  options: { node: string; limit: number; concurrency: number; stopping?: () => boolean },
): Promise<number> {
  const now = deps.clock.now();
  const claimed = await claimDueOutbox(deps.db, deps.dialect, {
    node: options.node,
    now: now.toISOString(),
    leaseUntil: new Date(now.getTime() + OUTBOX_LEASE_MS).toISOString(),
    limit: options.limit,
  });
  const queue = [...claimed];
  const stopping = options.stopping ?? (() => false);
  const worker = async () => {
    while (!stopping()) {
      const message = queue.shift();
      if (!message) return;
      await deliverOne(deps, senders, message, options.node);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, claimed.length) }, worker));
  // Stopping (shutdown): what was claimed but not started is given back now rather than when the lease runs out.
  await releaseOutboxClaims(deps.db, queue.map((message) => message.id), options.node);
  return claimed.length;
}

async function deliverOne(deps: Deps, senders: OutboxSenders, message: OutboxRow, node: string): Promise<void> {
  let result: OutboxOutcome;
  try {
    result = await senders[message.kind](deps, message);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    deps.log.warn({ err: error, outboxId: message.id, kind: message.kind }, 'outbox message failed');
    result =
      message.attempts >= MAX_ATTEMPTS_AFTER_THROW
        ? { outcome: 'drop', error: text }
        : { outcome: 'retry', at: new Date(deps.clock.now().getTime() + defaultBackoffMs(message.attempts)), error: text };
  }
  if (result.outcome === 'retry') {
    await retryOutboxMessage(deps.db, message.id, node, result.at.toISOString(), result.error);
  } else {
    if (result.outcome === 'drop') deps.log.warn({ outboxId: message.id, kind: message.kind, error: result.error }, 'outbox message given up');
    await removeOutboxMessage(deps.db, message.id, node);
  }
}
