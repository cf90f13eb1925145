import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..', '..');

for (const dialect of DIALECTS) {
  describe(`token cache invalidation (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
    });
    after(() => t.close());

    test('a token revoked by another process (the CLI) is refused by the running server on the next request', async () => {
      const project = (await t.api('POST', '/projects', { body: { name: 'cached' } })).body;
      const created = (await t.api('POST', `/projects/${project.id}/access_tokens`, { body: { name: 'warm', scopes: ['read_api'] } })).body;
      for (let i = 0; i < 3; i++) assert.equal((await t.api('GET', `/projects/${project.id}`, { token: created.token })).status, 200);

      const database = t.config.database;
      await run(process.execPath, ['bin/latchkey.js', 'project-token', 'revoke', '--project', String(project.id), '--id', String(created.id)], {
        cwd: ROOT,
        env: {
          ...process.env,
          LATCHKEY_DATA_DIR: t.config.dataDir,
          ...(database.dialect === 'postgres' ? { LATCHKEY_DATABASE_URL: database.url } : { LATCHKEY_DATABASE_URL: `sqlite:${database.file}` }),
        },
      });
      assert.equal((await t.api('GET', `/projects/${project.id}`, { token: created.token })).status, 401);
    });
  });
}
