import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { buildApp, type App } from '../../src/app.ts';
import { authenticatePassword } from '../../src/auth/authenticate-password.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { bootstrapRoot } from '../../src/services/users/bootstrap-instance.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.ts';

const quiet = () => createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));

for (const dialect of DIALECTS) {
  describe(`bootstrapRoot (${dialect})`, () => {
    let database: TestDatabase;
    let generatedPassword: string;
    const apps: App[] = [];
    before(async () => {
      database = await createTestDatabase(dialect);
    });
    after(async () => {
      for (const app of apps) await app.close();
      await database.drop();
    });

    const node = async (env: Record<string, string> = {}): Promise<App> => {
      const config: Config = { ...loadConfig({ LATCHKEY_DATA_DIR: database.dataDir, ...env }), database: database.database };
      const app = await buildApp(config, { log: quiet() });
      apps.push(app);
      return app;
    };

    test('bootstrapRoot run by several nodes at once creates root once and crashes none', async () => {
      const nodes = [await node(), await node(), await node()];
      const results = await Promise.all(nodes.map((app) => bootstrapRoot(app.deps)));
      const created = results.filter((r) => r !== null);
      assert.equal(created.length, 1, JSON.stringify(results));
      assert.equal(typeof created[0]!.generatedPassword, 'string');
      generatedPassword = created[0]!.generatedPassword!;
      const roots = await nodes[0]!.deps.db.selectFrom('users').select(['username', 'is_admin']).where('username', '=', 'root').execute();
      assert.deepEqual(roots, [{ username: 'root', is_admin: 1 }]);
    });

    test('bootstrapRoot returns null once root exists, and uses LATCHKEY_ROOT_PASSWORD only on first creation', async () => {
      const app = await node({ LATCHKEY_ROOT_PASSWORD: 'configured-password' });
      assert.equal(await bootstrapRoot(app.deps), null);
      await assert.rejects(authenticatePassword(app.deps, 'root', 'configured-password'), { code: 'unauthorized' });
      const root = await authenticatePassword(app.deps, 'root', generatedPassword);
      assert.equal(root.user.username, 'root', 'the password generated on first creation still signs in');
    });
  });
}
