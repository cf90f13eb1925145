import type { Logger } from 'pino';
import type { TokenActivityEntry, TokenActivityRecorder } from '../domain/token-activity.ts';
import type { Db } from './database.ts';
import { insertTokenActivity } from './repositories/token-activity.ts';

/** Writes one batch of uses (the database's multi-row insert, or a test's stand-in). */
export type TokenActivityWriter = (batch: readonly TokenActivityEntry[]) => Promise<void>;

export interface TokenActivityBufferOptions {
  /** How long an entry waits at most before it is written (1 s). */
  intervalMs?: number;
  /** Rows per insert; a buffer this full is written at once (500). */
  batchSize?: number;
  /** Entries held at most (buffered or waiting behind a slow insert) while the database is slow or away; past it new uses are dropped (20,000). */
  maxEntries?: number;
}

/**
 * Token activity off the request path: `record` only pushes onto an array (no await, no promise,
 * no timer per request); the buffer is written every `intervalMs` (and as soon as it holds a
 * batch) in multi-row inserts, one flush at a time. A failed insert is logged and its batch
 * dropped, never retried: activity must never slow or fail a request. `close` writes what is left.
 * A crash loses what was not written yet: at most one interval's uses (and never more than
 * `maxEntries`).
 */
export class TokenActivityBuffer implements TokenActivityRecorder {
  private entries: TokenActivityEntry[] = [];
  /** Entries taken by a flush and not yet written (their batches wait behind a slow insert). */
  private pending = 0;
  private dropped = 0;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private readonly intervalMs: number;
  private readonly batchSize: number;
  private readonly maxEntries: number;

  private readonly writeBatch: TokenActivityWriter;

  constructor(
    db: Db | TokenActivityWriter,
    private readonly log: Logger,
    options: TokenActivityBufferOptions = {},
  ) {
    this.writeBatch = typeof db === 'function' ? db : (batch) => insertTokenActivity(db, batch);
    this.intervalMs = options.intervalMs ?? 1000;
    this.batchSize = options.batchSize ?? 500;
    this.maxEntries = Math.max(options.maxEntries ?? 20_000, this.batchSize);
  }

  record(entry: TokenActivityEntry): void {
    this.entries.push(entry);
    if (this.entries.length >= this.batchSize) void this.flush();
    else if (this.timer === null) {
      this.timer = setTimeout(() => void this.flush(), this.intervalMs);
      this.timer.unref();
    }
  }

  /** Writes everything recorded so far (after any flush in progress); never throws. */
  flush(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    let taken = this.entries;
    this.entries = [];
    // The bound counts what waits behind a slow insert too: past it, the uses taken now are dropped
    // (their oldest first, when some still fit).
    const room = Math.max(0, this.maxEntries - this.pending);
    if (taken.length > room) {
      this.dropped += taken.length - room;
      taken = taken.slice(taken.length - room);
    }
    const dropped = this.dropped;
    this.dropped = 0;
    if (dropped > 0) this.log.warn({ dropped }, 'token activity buffer was full: uses were not recorded');
    if (taken.length === 0) return this.flushing;
    this.pending += taken.length;
    this.flushing = this.flushing.then(() => this.write(taken));
    return this.flushing;
  }

  private async write(taken: TokenActivityEntry[]): Promise<void> {
    for (let start = 0; start < taken.length; start += this.batchSize) {
      const batch = taken.slice(start, start + this.batchSize);
      try {
        await this.writeBatch(batch);
      } catch (error) {
        this.log.error({ err: error, lost: batch.length }, 'could not record token activity: the batch was dropped');
      } finally {
        this.pending -= batch.length;
      }
    }
  }

  /** Stops the timer and writes what is left. */
  close(): Promise<void> {
    return this.flush();
  }
}

/** For instances that record nothing (LATCHKEY_TOKEN_ACTIVITY_DAYS=0). */
export const NO_TOKEN_ACTIVITY: TokenActivityRecorder & { close(): Promise<void> } = {
  record() {},
  flush: () => Promise.resolve(),
  close: () => Promise.resolve(),
};
