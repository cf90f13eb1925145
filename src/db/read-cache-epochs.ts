import type SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import type { Epochs } from './read-cache.ts';

/** Every kind's epoch in one query (migration 2026-12-01T30-read-cache-epochs). */
const QUERY = 'select kind, value from read_cache_epochs';

type EpochRow = { kind: string; value: string | number };

function epochsOf(rows: EpochRow[]): Epochs {
  if (rows.length === 0) throw new Error('the read_cache_epochs rows are missing');
  const epochs: Record<string, number> = {};
  for (const row of rows) epochs[row.kind] = Number(row.value);
  return epochs;
}

/** SQLite: a synchronous read on the process's one connection (a few microseconds). */
export function sqliteReadCacheEpochs(sqlite: SqliteDatabase.Database): () => Epochs {
  let statement: SqliteDatabase.Statement | undefined;
  return () => {
    // Prepared on first use: the table exists only once migrations have run.
    statement ??= sqlite.prepare(QUERY);
    return epochsOf(statement.all() as EpochRow[]);
  };
}

interface Waiter {
  resolve(epochs: Epochs): void;
  reject(error: unknown): void;
}

/**
 * PostgreSQL: one query at a time for all the requests that ask meanwhile. A caller never joins a
 * query that was already sent (it could predate a change the caller must see): it waits for the
 * next one, sent as soon as the one in flight returns. Under load a query serves a batch of
 * requests, and a node never has more than one of these queries on the database.
 */
export function postgresReadCacheEpochs(pool: pg.Pool): () => Promise<Epochs> {
  // Named: each pooled connection parses and plans it once.
  const query = { name: 'latchkey_read_cache_epochs', text: QUERY };
  let inFlight = false;
  let waiting: Waiter[] = [];

  const send = (): void => {
    const batch = waiting;
    waiting = [];
    inFlight = true;
    pool
      .query<EpochRow>(query)
      .then(({ rows }) => {
        const epochs = epochsOf(rows);
        for (const waiter of batch) waiter.resolve(epochs);
      })
      .catch((error: unknown) => {
        for (const waiter of batch) waiter.reject(error);
      })
      .finally(() => {
        inFlight = false;
        if (waiting.length > 0) send();
      });
  };

  return () =>
    new Promise<Epochs>((resolve, reject) => {
      waiting.push({ resolve, reject });
      // The first to ask while none is in flight sends it, after the callers of this same tick joined.
      if (!inFlight && waiting.length === 1) queueMicrotask(() => !inFlight && waiting.length > 0 && send());
    });
}
