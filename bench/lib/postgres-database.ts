import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A fresh database in the throwaway cluster of scripts/with-postgres.sh. */
export async function createBenchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = process.env.LATCHKEY_TEST_PG_URL;
  if (!admin) throw new Error('LATCHKEY_TEST_PG_URL is not set: run through `npm run bench`, which starts PostgreSQL');
  const name = `latchkey_bench_${randomBytes(5).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
