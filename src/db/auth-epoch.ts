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

/**
 * PostgreSQL: one query for all the requests that ask within one event-loop turn. A caller never
 * joins a query that was already sent (it could predate a change the caller must see): it waits
 * for the next one, sent at the end of the turn in which it asked.
 */
export function postgresAuthEpoch(pool: pg.Pool): () => Promise<number> {
  // Named: each pooled connection parses and plans it once.
  const query = { name: 'latchkey_auth_epoch', text: QUERY };
  let next: Promise<number> | null = null;
  return () => {
    next ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      next = null;
      const { rows } = await pool.query<{ value: string | number }>(query);
      if (rows.length === 0) throw new Error('the auth_epoch row is missing');
      return Number(rows[0]!.value);
    });
    return next;
  };
}
