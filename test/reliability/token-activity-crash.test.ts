import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTestDatabase, DIALECTS } from '../helpers/databases.ts';
import { apiCall, startLatchkey, type LatchkeyProcess } from '../helpers/latchkey-process.ts';

/**
 * Token activity is written in batches, once a second: a crash (SIGKILL) may lose the uses of
 * the last second, never what was written before. With the real server as a process: uses seen
 * in the activity list before the crash are still listed after the restart, and nothing is
 * listed that did not happen.
 */
for (const dialect of DIALECTS) {
  describe(`token activity survives a crash up to the last flush (${dialect})`, () => {
    test('SIGKILL after a flushed use and an unflushed one: the flushed one is listed after restart', async () => {
      const database = await createTestDatabase(dialect);
      const env: Record<string, string> = database.database.dialect === 'postgres' ? { LATCHKEY_DATABASE_URL: database.database.url } : {};
      let server: LatchkeyProcess | null = null;
      try {
        server = await startLatchkey(env, { dataDir: database.dataDir });
        const root = await server.cli(['token', 'create', '--user', 'root', '--name', 'crash-root', '--scopes', 'api']);
        const project = await apiCall(server.url, root, 'POST', '/projects', { name: 'crashing' });
        const bot = await apiCall(server.url, root, 'POST', `/projects/${project.id}/access_tokens`, { name: 'ci', scopes: ['api'], access_level: 30 });
        const use = (route: string) => fetch(`${server!.url}/api/v4${route}`, { headers: { 'private-token': bot.token } });
        const listed = async (): Promise<string[]> =>
          ((await apiCall(server!.url, root, 'GET', `/projects/${project.id}/access_tokens/${bot.id}/activity?per_page=100`)) as { action: string }[]).map(
            (row) => row.action,
          );

        assert.equal((await use(`/projects/${project.id}/issues`)).status, 200);
        // Written within the flush interval: poll until the list shows it.
        let before: string[] = [];
        for (let i = 0; i < 100 && before.length === 0; i += 1) {
          before = await listed();
          if (before.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
        }
        assert.deepEqual(before, ['GET /api/v4/projects/:id/issues']);

        assert.equal((await use(`/projects/${project.id}/labels`)).status, 200);
        await server.crash();
        server = await startLatchkey(env, { dataDir: database.dataDir });
        const after = await listed();
        assert.equal(after.at(-1), 'GET /api/v4/projects/:id/issues', 'the flushed use survived');
        const possible = ['GET /api/v4/projects/:id/labels', 'GET /api/v4/projects/:id/issues'];
        assert.ok(after.length <= 2 && after.every((action, i) => action === possible[i + 2 - after.length]), JSON.stringify(after));
      } finally {
        await server?.stop();
        await database.drop();
      }
    });
  });
}
