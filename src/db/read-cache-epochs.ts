import type SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import type { Epochs, ScopedChange } from './read-cache.ts';

/**
 * Every kind's epoch and the per-project epochs that moved past `since`, in one query (migrations
 * 2026-12-01T30-read-cache-epochs and 2026-12-02T80-read-cache-scoped-epochs). One statement: one
 * snapshot, so the `scoped` counter read here covers exactly the scoped rows it returns.
 */
const QUERY =
  'select kind, value, cast(null as bigint) as scope from read_cache_epochs ' +
  'union all select kind, value, scope from read_cache_scoped_epochs where value > $1';

/** The `scoped` row of read_cache_epochs: the position of read_cache_scoped_epochs, not a kind. */
const POSITION = 'scoped';

/** A caller that has no position yet asks for no scoped rows (it has nothing cached to drop). */
const NONE = Number.MAX_SAFE_INTEGER;

type EpochRow = { kind: string; value: string | number; scope: string | number | null };

function epochsOf(rows: EpochRow[]): Epochs {
  const kinds: Record<string, number> = {};
  const changes: ScopedChange[] = [];
  let position: number | undefined;
  for (const row of rows) {
    const value = Number(row.value);
    if (row.scope !== null) changes.push({ kind: row.kind, scope: Number(row.scope), value });
    else if (row.kind === POSITION) position = value;
    else kinds[row.kind] = value;
  }
  if (position === undefined) throw new Error('the read_cache_epochs rows are missing');
  return { kinds, position, changes };
}

/**
 * SQLite: a synchronous read on the process's one connection. Most readings find nothing changed,
 * and SQLite can say so for less than the query costs (~1 µs against ~7): `PRAGMA data_version`
 * moves whenever another connection (another process, the CLI, `sqlite3`) commits, and
 * `total_changes()` whenever this connection writes a row, triggers included. While both stand
 * where they stood before the last reading, no epoch can have moved since it, and it is returned
 * again. Both are read before the query: a commit that lands between them moves the pair and
 * makes the next call read again, never the other way round.
 */
export function sqliteReadCacheEpochs(sqlite: SqliteDatabase.Database): (since?: number) => Epochs {
  let statement: SqliteDatabase.Statement | undefined;
  const dataVersion = sqlite.prepare('pragma data_version').pluck();
  const totalChanges = sqlite.prepare('select total_changes()').pluck();
  let last: { version: unknown; changes: unknown; since: number; epochs: Epochs } | undefined;
  return (since = NONE) => {
    const version = dataVersion.get();
    const changes = totalChanges.get();
    if (last !== undefined && last.version === version && last.changes === changes && last.since === since) return last.epochs;
    // Prepared on first use: the tables exist only once migrations have run.
    statement ??= sqlite.prepare(QUERY.replace('$1', '?'));
    const epochs = epochsOf(statement.all(since) as EpochRow[]);
    last = { version, changes, since, epochs };
    return epochs;
  };
}

interface Waiter {
  since: number;
  resolve(epochs: Epochs): void;
  reject(error: unknown): void;
}

/**
 * PostgreSQL: one query at a time for all the requests that ask meanwhile. A caller never joins a
 * query that was already sent (it could predate a change the caller must see): it waits for the
 * next one, sent as soon as the one in flight returns, from the oldest position its callers gave.
 * Under load a query serves a batch of requests, and a node never has more than one of these
 * queries on the database.
 */
export function postgresReadCacheEpochs(pool: pg.Pool): (since?: number) => Promise<Epochs> {
  // Named: each pooled connection parses and plans it once.
  const name = 'latchkey_read_cache_epochs_since';
  let inFlight = false;
  let waiting: Waiter[] = [];

  const send = (): void => {
    const batch = waiting;
    waiting = [];
    inFlight = true;
    const since = Math.min(...batch.map((waiter) => waiter.since));
    pool
      .query<EpochRow>({ name, text: QUERY, values: [since] })
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

  return (since) =>
    new Promise<Epochs>((resolve, reject) => {
      waiting.push({ since: since ?? NONE, resolve, reject });
      // The first to ask while none is in flight sends it, after the callers of this same tick joined.
      if (!inFlight && waiting.length === 1) queueMicrotask(() => !inFlight && waiting.length > 0 && send());
    });
}
