import type SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';

const QUERY = 'select value from auth_epoch where id = 1';

/** SQLite: a synchronous read on the process's one connection (about a microsecond). */
export function sqliteAuthEpoch(sqlite: SqliteDatabase.Database): () => number {
  let statement: SqliteDatabase.Statement | undefined;
  return () => {
    // Prepared on first use: the table exists only once migrations have run.
    statement ??= sqlite.prepare(QUERY).pluck();
    return Number(statement.get());
  };
}

interface Waiter {
  resolve(epoch: number): void;
  reject(error: unknown): void;
}

/**
 * PostgreSQL: one query at a time for all the requests that ask meanwhile. A caller never joins a
 * query that was already sent (it could predate a change the caller must see): it waits for the
 * next one, sent as soon as the one in flight returns. Under load a query serves a batch of
 * requests, and a node never has more than one of these queries on the database.
 */
export function postgresAuthEpoch(pool: pg.Pool): () => Promise<number> {
  // Named: each pooled connection parses and plans it once.
  const query = { name: 'latchkey_auth_epoch', text: QUERY };
  let inFlight = false;
  let waiting: Waiter[] = [];

  const send = (): void => {
    const batch = waiting;
    waiting = [];
    inFlight = true;
    pool
      .query<{ value: string | number }>(query)
      .then(
        ({ rows }) => {
          if (rows.length === 0) throw new Error('the auth_epoch row is missing');
          for (const waiter of batch) waiter.resolve(Number(rows[0]!.value));
        },
      )
      .catch((error: unknown) => {
        for (const waiter of batch) waiter.reject(error);
      })
      .finally(() => {
        inFlight = false;
        if (waiting.length > 0) send();
      });
  };

  return () =>
    new Promise<number>((resolve, reject) => {
      waiting.push({ resolve, reject });
      // The first to ask while none is in flight sends it, after the callers of this same tick joined.
      if (!inFlight && waiting.length === 1) queueMicrotask(() => !inFlight && waiting.length > 0 && send());
    });
}
