import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../../src/config.ts';

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

export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'latchkey-data-'));
  if (dialect === 'sqlite') {
    return {
      database: { dialect: 'sqlite', file: path.join(dataDir, 'latchkey.sqlite3') },
      dataDir,
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `latchkey_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`create database ${name}`);
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
