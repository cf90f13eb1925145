import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { sharedFixture } from './shared-fixtures.ts';

export type Dialect = 'sqlite' | 'postgres';

/**
 * Every database test runs on both dialects. PostgreSQL comes from the throwaway cluster that
 * scripts/test.sh starts (LATCHKEY_TEST_PG_URL); without it the suite fails rather than skip.
 * LATCHKEY_TEST_DIALECTS=sqlite narrows a quick local run on purpose.
 */
export const DIALECTS: Dialect[] = (process.env.LATCHKEY_TEST_DIALECTS ?? 'sqlite,postgres')
  .split(',')
  .map((d) => d.trim())
  .filter((d): d is Dialect => d === 'sqlite' || d === 'postgres');

export interface TestDatabase {
  database: Config['database'];
  dataDir: string;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.LATCHKEY_TEST_PG_URL;
  if (!url) throw new Error('LATCHKEY_TEST_PG_URL is not set: run the suite with `npm test`, which starts PostgreSQL');
  return url;
}

const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '..', '..', 'src', 'db');

/** A digest of the migrations (src/db/migrate.ts and src/db/migrations/): a new one is a new template. */
function migrationsDigest(): string {
  const hash = createHash('sha256').update(readFileSync(path.join(MIGRATIONS_DIR, 'migrate.ts')));
  const dir = path.join(MIGRATIONS_DIR, 'migrations');
  for (const name of readdirSync(dir).sort()) hash.update(name).update(readFileSync(path.join(dir, name)));
  return hash.digest('hex').slice(0, 16);
}

/** An SQLite file with every migration applied, built once per run (shared-fixtures.ts). */
function sqliteTemplate(): Promise<string> {
  return sharedFixture('sqlite-migrated', { migrations: migrationsDigest() }, async (dir) => {
    const opened = openDatabase({ dialect: 'sqlite', file: path.join(dir, 'latchkey.sqlite3') });
    await migrateToLatest(opened.db);
    await opened.close(); // the last connection checkpoints the WAL into the file
  }).then((dir) => path.join(dir, 'latchkey.sqlite3'));
}

let postgresTemplateName: Promise<string> | undefined;

/**
 * A PostgreSQL database with every migration applied, the template of migrated test databases:
 * built once per run (the cluster is the run's), by whichever test file asks first. It is
 * migrated under a name of its own and renamed into place, so no file copies a half-migrated one;
 * a file that loses the race drops its copy.
 */
function postgresTemplate(): Promise<string> {
  postgresTemplateName ??= (async () => {
    const name = `latchkey_template_${migrationsDigest()}`;
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    try {
      if ((await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount) return name;
      const building = `${name}_${randomBytes(4).toString('hex')}`;
      await admin.query(`create database ${building}`);
      const url = new URL(adminUrl());
      url.pathname = `/${building}`;
      const opened = openDatabase({ dialect: 'postgres', url: url.toString() });
      try {
        await migrateToLatest(opened.db);
      } finally {
        await opened.close();
      }
      try {
        await admin.query(`alter database ${building} rename to ${name}`);
      } catch (error) {
        await admin.query(`drop database if exists ${building} with (force)`);
        if ((error as { code?: string }).code !== '42P04') throw error; // 42P04: another file renamed its copy first
      }
      return name;
    } finally {
      await admin.end();
    }
  })();
  return postgresTemplateName;
}

/**
 * A fresh, empty database of its own. With `migrated`, every migration is already applied: a copy
 * of a template migrated once per run, instead of migrating each test's database anew (what
 * startTestApp asks for). Tests of migrating itself (the CLI's `migrate`, crash recovery) ask
 * for an empty one.
 */
export async function createTestDatabase(dialect: Dialect, options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'latchkey-data-'));
  if (dialect === 'sqlite') {
    if (options.migrated) copyFileSync(await sqliteTemplate(), path.join(dataDir, 'latchkey.sqlite3'));
    return {
      database: { dialect: 'sqlite', file: path.join(dataDir, 'latchkey.sqlite3') },
      dataDir,
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `latchkey_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(options.migrated ? `create database ${name} template ${await postgresTemplate()}` : `create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    database: { dialect: 'postgres', url: url.toString() },
    dataDir,
    async drop() {
      rmSync(dataDir, { recursive: true, force: true });
      const client = new pg.Client({ connectionString: adminUrl() });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
