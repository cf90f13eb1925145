import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Config } from '../../src/config.ts';
import { openDatabaseSnapshot } from '../../src/backup/database-snapshot.ts';
import { NOT_BACKED_UP } from '../../src/backup/table-order.ts';
import { createTestDatabase, DIALECTS, type Dialect, type TestDatabase } from '../helpers/databases.ts';
import { startLatchkey } from '../helpers/latchkey-process.ts';
import { startTestApp } from '../helpers/test-app.ts';
import { instanceEnv, latchkey } from './backup-helpers.ts';

/** Every backed-up table's rows, each table's sorted, as the archive writes them (integers as numbers, whatever the driver). */
async function tablesOf(database: Config['database']): Promise<Record<string, string[]>> {
  const snapshot = await openDatabaseSnapshot(database);
  try {
    const result: Record<string, string[]> = {};
    for (const table of await snapshot.tables()) {
      if (NOT_BACKED_UP.has(table)) continue;
      const rows: string[] = [];
      for await (const row of snapshot.rows(table)) rows.push(JSON.stringify(Object.fromEntries(Object.entries(row).sort(([a], [b]) => a.localeCompare(b)))));
      result[table] = rows.sort();
    }
    return result;
  } finally {
    await snapshot.close();
  }
}

async function restoreAndBackUp(archive: string, into: TestDatabase, next: string): Promise<void> {
  const env = instanceEnv(into);
  const restored = await latchkey(env, ['backup', 'restore', archive]);
  assert.equal(restored.code, 0, restored.stderr);
  const created = await latchkey(env, ['backup', 'create', '--output', next]);
  assert.equal(created.code, 0, created.stderr);
}

const ROUND_TRIPS: Array<[Dialect, Dialect]> = [
  ['sqlite', 'postgres'],
  ['postgres', 'sqlite'],
];

for (const [from, via] of ROUND_TRIPS) {
  // Crossing dialects needs both; LATCHKEY_TEST_DIALECTS narrows a quick run on purpose.
  if (!DIALECTS.includes(from) || !DIALECTS.includes(via)) continue;
  describe(`backup across dialects: ${from} → ${via} → ${from}`, () => {
    test('every table holds the same rows after both restores, and the tokens still authenticate', async () => {
      const t = await startTestApp(from);
      const middle = await createTestDatabase(via);
      const last = await createTestDatabase(from);
      const work = mkdtempSync(path.join(tmpdir(), 'latchkey-backup-cross-'));
      try {
        const human = await t.createUser('alice');
        const project = (await t.api('POST', '/projects', { body: { name: 'crossing' } })).body;
        assert.equal((await t.api('POST', `/projects/${project.id}/members`, { body: { user_id: human.id, access_level: 30 } })).status, 201);
        const commit = await t.api('POST', `/projects/${project.id}/repository/files/README.md`, {
          body: { branch: 'main', content: '# crossing\n', commit_message: 'first' },
        });
        assert.equal(commit.status, 201, JSON.stringify(commit.body));
        const bot = (await t.api('POST', `/projects/${project.id}/access_tokens`, { body: { name: 'bot', scopes: ['api'], access_level: 40 } })).body;
        const created = await t.api('POST', `/projects/${project.id}/issues`, { token: bot.token, body: { title: 'ünïcødé "quotes" \\ 🔑' } });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        const note = await t.api('POST', `/projects/${project.id}/issues/${created.body.iid}/notes`, { token: human.token, body: { body: 'two\nlines' } });
        assert.equal(note.status, 201, JSON.stringify(note.body));
        const revoked = (await t.api('POST', `/projects/${project.id}/access_tokens`, { body: { name: 'gone', scopes: ['api'], access_level: 30 } })).body;
        assert.equal((await t.api('DELETE', `/projects/${project.id}/access_tokens/${revoked.id}`)).status, 204);

        await t.app.deps.tokenActivity.flush(); // the log of token uses is written in the background
        const before = await tablesOf(t.config.database);
        const first = path.join(work, `1-${from}.tar.gz`);
        const backedUp = await latchkey(instanceEnv({ ...middle, database: t.config.database, dataDir: t.config.dataDir }), ['backup', 'create', '--output', first]);
        assert.equal(backedUp.code, 0, backedUp.stderr);
        const second = path.join(work, `2-${via}.tar.gz`);
        await restoreAndBackUp(first, middle, second);
        assert.deepEqual(await tablesOf(middle.database), before, `the ${via} copy`);
        const env = instanceEnv(last);
        const restored = await latchkey(env, ['backup', 'restore', second]);
        assert.equal(restored.code, 0, restored.stderr);
        assert.deepEqual(await tablesOf(last.database), before, `back in ${from}`);

        const server = await startLatchkey(env, { dataDir: last.dataDir });
        try {
          const user = async (token: string) => (await fetch(`${server.url}/api/v4/user`, { headers: { 'private-token': token } })).status;
          assert.equal(await user(t.rootToken), 200);
          assert.equal(await user(human.token), 200);
          assert.equal(await user(bot.token), 200);
          assert.equal(await user(revoked.token), 401);
          const issues = await fetch(`${server.url}/api/v4/projects/${project.id}/issues`, { headers: { 'private-token': human.token } });
          assert.deepEqual((await issues.json()).map((i: { title: string }) => i.title), ['ünïcødé "quotes" \\ 🔑']);
          // Sequences continue past every id handed out: a new token gets a fresh id.
          const next = await fetch(`${server.url}/api/v4/projects/${project.id}/access_tokens`, {
            method: 'POST',
            headers: { 'private-token': t.rootToken, 'content-type': 'application/json' },
            body: JSON.stringify({ name: 'after', scopes: ['api'], access_level: 30 }),
          });
          assert.equal(next.status, 201);
          assert.ok((await next.json()).id > revoked.id);
        } finally {
          await server.stop();
        }
      } finally {
        await t.close();
        await middle.drop();
        await last.drop();
        rmSync(work, { recursive: true, force: true });
      }
    });
  });
}
