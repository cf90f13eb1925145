import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { openDatabase, type OpenDatabase } from '../../src/db/database.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..', '..');

for (const dialect of DIALECTS) {
  describe(`read cache invalidation (${dialect})`, () => {
    let t: TestApp;
    // Another connection to the same database, as another node or psql would have.
    let elsewhere: OpenDatabase;
    before(async () => {
      t = await startTestApp(dialect);
      elsewhere = openDatabase(t.config.database);
    });
    after(async () => {
      await elsewhere.close();
      await t.close();
    });

    async function projectWithMember(name: string) {
      const project = (await t.api('POST', '/projects', { body: { name } })).body;
      const member = await t.createUser(`${name}-member`);
      assert.equal((await t.api('POST', `/projects/${project.id}/members`, { body: { user_id: member.id, access_level: 30 } })).status, 201);
      // Warm the cache: the token, the project and the membership.
      for (let i = 0; i < 3; i++) assert.equal((await t.api('GET', `/projects/${project.id}`, { token: member.token })).status, 200);
      return { project, member };
    }

    test('a membership removed through another connection hides the project on the next request', async () => {
      const { project, member } = await projectWithMember('left');
      await elsewhere.db.deleteFrom('members').where('project_id', '=', project.id).where('user_id', '=', member.id).execute();
      assert.equal((await t.api('GET', `/projects/${project.id}`, { token: member.token })).status, 404);
    });

    test('a user blocked through another connection is refused on the next request', async () => {
      const { project, member } = await projectWithMember('blocked');
      await elsewhere.db.updateTable('users').set({ state: 'blocked' }).where('id', '=', member.id).execute();
      assert.equal((await t.api('GET', `/projects/${project.id}`, { token: member.token })).status, 401);
    });

    test('a project renamed through another connection shows its new name on the next request', async () => {
      const { project, member } = await projectWithMember('renamed');
      await elsewhere.db.updateTable('projects').set({ name: 'Renamed elsewhere' }).where('id', '=', project.id).execute();
      assert.equal((await t.api('GET', `/projects/${project.id}`, { token: member.token })).body.name, 'Renamed elsewhere');
    });

    test("a token's last use and a project's issue counter, written often, move no epoch", async () => {
      const { member } = await projectWithMember('last-used');
      const epochs = () => elsewhere.db.selectFrom('read_cache_epochs').select(['kind', 'value']).orderBy('kind').execute();
      const before = await epochs();
      await elsewhere.db.updateTable('personal_access_tokens').set({ last_used_at: new Date().toISOString() }).where('user_id', '=', member.id).execute();
      await elsewhere.db.updateTable('projects').set({ issue_counter: 5 }).execute();
      assert.deepEqual(await epochs(), before);
    });

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
