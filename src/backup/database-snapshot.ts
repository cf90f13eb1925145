import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import type { Config } from '../config.ts';
import { MIGRATION_TABLES } from '../db/migrate.ts';
import { encodeValue, foreignKeyOrder } from './table-order.ts';

/**
 * One consistent read of the whole database, on a connection of its own: PostgreSQL in a
 * `repeatable read, read only` transaction, SQLite in one read transaction (WAL: writers go on).
 * Rows stream out (a cursor, an iterator); nothing holds a table in memory.
 */
export interface DatabaseSnapshot {
  dialect: 'sqlite' | 'postgres';
  /** The latest migration applied, as seen by this snapshot. */
  schemaVersion(): Promise<string>;
  /** Every table but the migrator's and sqlite_sequence, in foreign-key order. */
  tables(): Promise<string[]>;
  /** The highest id each table's sequence has handed out. */
  sequences(): Promise<Map<string, number>>;
  rows(table: string): AsyncIterable<Record<string, unknown>>;
  close(): Promise<void>;
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

function encodeRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = encodeValue(value);
  return out;
}

export async function openDatabaseSnapshot(database: Config['database']): Promise<DatabaseSnapshot> {
  return database.dialect === 'sqlite' ? sqliteSnapshot(database.file) : postgresSnapshot(database.url);
}

function sqliteSnapshot(file: string): DatabaseSnapshot {
  const db = new SqliteDatabase(file, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.exec('begin');
  // A deferred transaction takes its snapshot at its first read.
  db.prepare('select count(*) from sqlite_master').get();
  const all = <T>(query: string, ...params: unknown[]): T[] => db.prepare(query).all(...params) as T[];
  return {
    dialect: 'sqlite',
    async schemaVersion() {
      return latest(all<{ name: string }>(`select name from ${MIGRATION_TABLES[0]}`).map((r) => r.name));
    },
    async tables() {
      const names = all<{ name: string }>("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").map((r) => r.name);
      const references = names.flatMap((child) => all<{ table: string }>(`pragma foreign_key_list(${quote(child)})`).map((fk) => ({ child, parent: fk.table })));
      return foreignKeyOrder(names, references);
    },
    async sequences() {
      const exists = all("select name from sqlite_master where name = 'sqlite_sequence'").length > 0;
      if (!exists) return new Map();
      return new Map(all<{ name: string; seq: number }>('select name, seq from sqlite_sequence').map((r) => [r.name, Number(r.seq)]));
    },
    async *rows(table) {
      const statement = db.prepare(`select * from ${quote(table)}`).safeIntegers(true);
      for (const row of statement.iterate() as Iterable<Record<string, unknown>>) yield encodeRow(row);
    },
    async close() {
      if (db.inTransaction) db.exec('commit');
      db.close();
    },
  };
}

async function postgresSnapshot(url: string): Promise<DatabaseSnapshot> {
  const client = new pg.Client({
    connectionString: url,
    // bigint arrives as a string from pg; as a number when it is one.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === 20 ? (text: string) => encodeValue(BigInt(text)) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  await client.connect();
  client.on('error', () => {});
  await client.query('begin isolation level repeatable read, read only');
  const all = async <T>(query: string, params: unknown[] = []): Promise<T[]> => (await client.query(query, params)).rows as T[];
  let cursor = 0;
  return {
    dialect: 'postgres',
    async schemaVersion() {
      return latest((await all<{ name: string }>(`select name from ${MIGRATION_TABLES[0]}`)).map((r) => r.name));
    },
    async tables() {
      const names = (await all<{ tablename: string }>('select tablename from pg_tables where schemaname = current_schema()')).map((r) => r.tablename);
      const references = await all<{ child: string; parent: string }>(
        `select c.relname as child, p.relname as parent from pg_constraint k
           join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
          where k.contype = 'f' and k.connamespace = current_schema()::regnamespace`,
      );
      return foreignKeyOrder(names, references);
    },
    async sequences() {
      const rows = await all<{ table_name: string; sequence: string | null }>(
        `select table_name, pg_get_serial_sequence(quote_ident(table_name), 'id') as sequence
           from information_schema.columns where table_schema = current_schema() and column_name = 'id'`,
      );
      const result = new Map<string, number>();
      for (const { table_name, sequence } of rows) {
        if (sequence === null) continue;
        const [state] = await all<{ last_value: number; is_called: boolean }>(`select last_value, is_called from ${sequence}`);
        if (state?.is_called) result.set(table_name, Number(state.last_value));
      }
      return result;
    },
    async *rows(table) {
      const name = `backup_rows_${++cursor}`;
      await client.query(`declare ${name} no scroll cursor for select * from ${quote(table)}`);
      for (;;) {
        const batch = await all<Record<string, unknown>>(`fetch forward 500 from ${name}`);
        if (batch.length === 0) break;
        for (const row of batch) yield encodeRow(row);
      }
      await client.query(`close ${name}`);
    },
    async close() {
      await client.query('commit').catch(() => {});
      await client.end();
    },
  };
}

function latest(names: string[]): string {
  const sorted = [...names].sort();
  if (sorted.length === 0) throw new Error('the database has no migrations applied: nothing to back up');
  return sorted[sorted.length - 1]!;
}
