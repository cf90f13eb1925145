import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiCall, startLatchkey, type LatchkeyProcess } from '../../bench/lib/latchkey-process.ts';
import { openDatabase } from '../../src/db/database.ts';
import { createTestDatabase, DIALECTS } from '../helpers/databases.ts';
import { brokenInvariants } from '../helpers/invariants.ts';

const CRASHES = Number(process.env.LATCHKEY_CRASH_ROUNDS ?? 8);

/** Token traffic that keeps going until the server dies under it; every failure is expected then. */
async function traffic(server: LatchkeyProcess, rootToken: string, projectId: number, stop: { done: boolean }): Promise<void> {
  const worker = async (n: number) => {
    let i = 0;
    while (!stop.done) {
      i += 1;
      try {
        const created = await apiCall(server.url, rootToken, 'POST', `/projects/${projectId}/access_tokens`, {
          name: `w${n}-${i}`,
          scopes: ['api'],
          access_level: 30,
        });
        // The bot writes, so a later revoke has records to move to the ghost user.
        const issue = await apiCall(server.url, created.token, 'POST', `/projects/${projectId}/issues`, { title: `by bot ${i}` });
        await apiCall(server.url, created.token, 'POST', `/projects/${projectId}/issues/${issue.iid}/notes`, { body: 'note' });
        const rotated = await apiCall(server.url, rootToken, 'POST', `/projects/${projectId}/access_tokens/${created.id}/rotate`);
        if (i % 2 === 1) await apiCall(server.url, rootToken, 'DELETE', `/projects/${projectId}/access_tokens/${rotated.id}`);
      } catch {
        if (stop.done) return;
      }
    }
  };
  await Promise.all([worker(1), worker(2), worker(3)]);
}

for (const dialect of DIALECTS) {
  describe(`crash consistency (${dialect})`, () => {
    test(`SIGKILL at random moments during create/rotate/revoke traffic never breaks an invariant (${CRASHES} crashes)`, async () => {
      const database = await createTestDatabase(dialect);
      const env: Record<string, string> = database.database.dialect === 'postgres' ? { LATCHKEY_DATABASE_URL: database.database.url } : {};
      let server: LatchkeyProcess | undefined;
      try {
        server = await startLatchkey(env, { dataDir: database.dataDir });
        const rootToken = await server.cli(['token', 'create', '--user', 'root', '--name', 'crash', '--scopes', 'api']);
        const project = await apiCall(server.url, rootToken, 'POST', '/projects', { name: 'crashy' });
        for (let crash = 0; crash < CRASHES; crash++) {
          const stop = { done: false };
          const load = traffic(server, rootToken, project.id, stop);
          await new Promise((r) => setTimeout(r, 300 + Math.random() * 700));
          await server.crash();
          stop.done = true;
          await load;
          server = await startLatchkey(env, { dataDir: database.dataDir });
          const { db, close } = openDatabase(database.database);
          try {
            assert.deepEqual(await brokenInvariants(db, dialect, database.dataDir), [], `after crash ${crash + 1}`);
          } finally {
            await close();
          }
        }
        // The traffic really ran (tokens made, rotated, revoked; bot records moved to the ghost
        // user), and the service still works after all that.
        const all = await apiCall(server.url, rootToken, 'GET', `/projects/${project.id}/access_tokens?per_page=100`);
        assert.ok(all.length > CRASHES, `only ${all.length} tokens were created`);
        assert.ok(all.some((t: { revoked: boolean }) => t.revoked), 'no token was revoked');
        const { db, close } = openDatabase(database.database);
        try {
          const ghostIssues = await db
            .selectFrom('issues')
            .innerJoin('users', 'users.id', 'issues.author_id')
            .select('issues.id')
            .where('users.user_type', '=', 'ghost')
            .execute();
          assert.ok(ghostIssues.length > 0, 'no record moved to the ghost user');
        } finally {
          await close();
        }
      } finally {
        await server?.stop();
        await database.drop();
      }
    });
  });
}
