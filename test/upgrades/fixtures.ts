import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Config } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import type { TestDatabase } from '../helpers/databases.ts';

// The fixtures of test/fixtures/upgrades: databases and repositories made by older Latchkeys
// (scripts/make-upgrade-fixtures.sh; the README there says which commit made each).

export const FIXTURES_DIR = path.resolve(import.meta.dirname, '..', 'fixtures', 'upgrades');

export interface FixtureToken {
  name: string;
  /** Test data only. */
  plain: string;
  /** The user it authenticates as (a bot's username for a project token; empty when its bot is gone). */
  username: string;
  expect: 'active' | 'revoked' | 'expired' | 'rotated';
}

export interface Fixture {
  name: string;
  commit: string;
  secret: string;
  /** A day on which the fixture's soon-expiring tokens have expired and the others have not. */
  expiredBy: string;
  features: string[];
  tokens: FixtureToken[];
}

/** Every fixture, oldest schema first (their names are listed in the README in that order). */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function readFixture(name: string, dialect: 'sqlite' | 'postgres'): Fixture {
  return { name, ...JSON.parse(readFileSync(path.join(FIXTURES_DIR, name, dialect, 'fixture.json'), 'utf8')) };
}

/** Puts the fixture's database and repositories into an empty test database and its data dir. */
export function loadFixture(name: string, target: TestDatabase): void {
  const dir = path.join(FIXTURES_DIR, name, target.database.dialect);
  if (target.database.dialect === 'sqlite') copyFileSync(path.join(dir, 'latchkey.sqlite3'), target.database.file);
  else execFileSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-f', path.join(dir, 'dump.sql'), target.database.url], { stdio: ['ignore', 'ignore', 'pipe'] });
  execFileSync('tar', ['-xzf', path.join(dir, 'repositories.tar.gz'), '-C', target.dataDir]);
}

export type Tables = Map<string, Record<string, unknown>[]>;

/** Every row of every table, read without migrating anything. */
export async function readAllTables(database: Config['database']): Promise<Tables> {
  const opened = openDatabase(database);
  try {
    const names =
      opened.dialect === 'sqlite'
        ? await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(opened.db)
        : await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(opened.db);
    const tables: Tables = new Map();
    for (const { name } of names.rows) tables.set(name, (await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(opened.db)).rows);
    return tables;
  } finally {
    await opened.close();
  }
}

const canonical = (row: Record<string, unknown>, columns: string[]) =>
  JSON.stringify(columns.map((column) => (row[column] instanceof Date ? (row[column] as Date).toISOString() : row[column])));

/**
 * What the upgrade lost or changed: each row of `before` must still be in `after` with the same
 * value in every column it had (new columns may be added). `changing` names tables whose rows
 * are meant to change (counters such as the read cache's epochs).
 */
export function lostRows(before: Tables, after: Tables, changing: Set<string>): string[] {
  const lost: string[] = [];
  for (const [table, rows] of before) {
    if (changing.has(table)) continue;
    const now = after.get(table);
    if (!now) {
      lost.push(`table ${table} is gone (${rows.length} rows)`);
      continue;
    }
    const columns = rows[0] ? Object.keys(rows[0]) : [];
    const remaining = new Map<string, number>();
    for (const row of now) {
      const key = canonical(row, columns);
      remaining.set(key, (remaining.get(key) ?? 0) + 1);
    }
    for (const row of rows) {
      const key = canonical(row, columns);
      const count = remaining.get(key) ?? 0;
      if (count === 0) lost.push(`${table}: row ${key} is missing or changed`);
      else remaining.set(key, count - 1);
    }
  }
  return lost;
}
