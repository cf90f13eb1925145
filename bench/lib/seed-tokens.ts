import { randomBytes } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

/**
 * Bulk-inserts `count` revoked-free personal access tokens for user 1 straight into the database
 * (not through the API): random digests, so the real token's lookup has a full index to search.
 */
export async function seedTokens(target: { sqliteDataDir?: string; postgresUrl?: string }, count: number): Promise<void> {
  const now = new Date().toISOString();
  if (target.postgresUrl) {
    const client = new pg.Client({ connectionString: target.postgresUrl });
    await client.connect();
    await client.query(
      `insert into personal_access_tokens (user_id, name, digest, scopes, revoked, created_at, last_used_ips)
       select 1, 'seed-' || g, md5(random()::text || g) || md5(g::text || random()::text), '["api"]', 0, $1, '[]'
       from generate_series(1, $2::int) g`,
      [now, count],
    );
    await client.query('analyze personal_access_tokens');
    await client.end();
    return;
  }
  const db = new Database(path.join(target.sqliteDataDir!, 'latchkey.sqlite3'));
  db.pragma('busy_timeout = 10000');
  const insert = db.prepare(
    `insert into personal_access_tokens (user_id, name, digest, scopes, revoked, created_at, last_used_ips)
     values (1, ?, ?, '["api"]', 0, ?, '[]')`,
  );
  const chunk = 50_000;
  for (let done = 0; done < count; done += chunk) {
    const n = Math.min(chunk, count - done);
    const random = randomBytes(32 * n);
    db.transaction(() => {
      for (let i = 0; i < n; i++) insert.run(`seed-${done + i}`, random.subarray(i * 32, i * 32 + 32).toString('hex'), now);
    })();
  }
  db.pragma('optimize');
  db.close();
}
