import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import type { Epochs } from './read-cache.ts';
import { postgresReadCacheEpochs, sqliteReadCacheEpochs } from './read-cache-epochs.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export interface OpenDatabase {
  db: Db;
  dialect: 'sqlite' | 'postgres';
  /** The read cache's epochs (read-cache-epochs.ts), read after the call: its notion of "changed". */
  readCacheEpochs: (since?: number) => Epochs | Promise<Epochs>;
  /** PostgreSQL's connection pool (its figures are metrics); SQLite has none. */
  pool: pg.Pool | null;
  close(): Promise<void>;
}

/**
 * Kysely prepares every query anew; better-sqlite3's prepare is the most expensive step of a
 * simple read. Reuse prepared statements by SQL text (bounded; the set of queries is finite).
 */
function withStatementCache(sqlite: SqliteDatabase.Database, max = 500) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}

export function openDatabase(config: Config['database']): OpenDatabase {
  if (config.dialect === 'sqlite') {
    mkdirSync(path.dirname(config.file), { recursive: true, mode: 0o700 });
    const sqlite = new SqliteDatabase(config.file);
    // Owner-only, also where it lies outside the data dir; SQLite gives a new WAL the file's mode.
    for (const file of [config.file, `${config.file}-wal`, `${config.file}-shm`]) if (existsSync(file)) chmodSync(file, 0o600);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    return { db, dialect: 'sqlite', readCacheEpochs: sqliteReadCacheEpochs(sqlite), pool: null, close: () => db.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: config.url,
    max: 10,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30000,
  });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', readCacheEpochs: postgresReadCacheEpochs(pool), pool, close: () => db.destroy() };
}

/** One round trip to the database (the readiness check); throws when it does not answer. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
