import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { registryNotificationSecret } from '../../src/domain/secrets.ts';
import { purgeContainerRepositories } from '../../src/services/registry/purge-container-repositories.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { createProject, createProjectToken } from '../helpers/project-tokens.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { basic, freePort, grantedAccess, jwtAuth } from './registry-helpers.ts';

const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;
const ALL = 'pull,push,delete,*';

// No registry listens at LATCHKEY_REGISTRY_URL here: every path listed for removal stays listed,
// which is what these tests look at (the emptying itself: removed-project-images.test.ts).
for (const dialect of DIALECTS) {
  describe(`/jwt/auth on the paths of deleted and renamed projects (${dialect})`, () => {
    let t: TestApp;

    const notify = (events: unknown[]) =>
      t.app.http.inject({
        method: 'POST',
        url: '/api/v4/container_registry_event/events',
        headers: { 'content-type': 'application/vnd.docker.distribution.events.v1+json', authorization: registryNotificationSecret(t.app.deps.secret) },
        payload: JSON.stringify({ events }),
      });
    const pushed = (repository: string, tag: string | null, manifest: string) => ({
      action: 'push',
      target: { mediaType: MANIFEST, digest: manifest, repository, ...(tag !== null && { tag }), references: [] },
      actor: { name: 'root' },
    });
    const removals = async () =>
      (await t.app.deps.db.selectFrom('container_repository_removals').select(['path', 'digests']).orderBy('path').execute()).map((row) => [row.path, JSON.parse(row.digests)]);
    /** What each of anonymous, the admin and an Owner-level api token of `projectId` is granted on `names`. */
    const grants = async (projectId: number, names: string[]) => {
      const owner = await createProjectToken(t, projectId, { scopes: ['api'], access_level: 50 });
      const scopes = names.map((name) => `repository:${name}:${ALL}`);
      return [await grantedAccess(t, await jwtAuth(t, scopes, null)), await grantedAccess(t, await jwtAuth(t, scopes, basic(t.rootToken))), await grantedAccess(t, await jwtAuth(t, scopes, basic(owner.token)))];
    };

    before(async () => {
      t = await startTestApp(dialect, { LATCHKEY_REGISTRY_URL: `http://127.0.0.1:${await freePort()}` });
    });
    after(() => t.close());

    test('DELETE /projects/:id lists its repositories with every digest pushed there; a public project at the path is granted nothing on them', async () => {
      const gone = await createProject(t, t.rootToken, 'gone');
      assert.equal((await notify([pushed('root/gone', 'v1', digest(1)), pushed('root/gone', 'v1', digest(2)), pushed('root/gone/tools', 'v1', digest(3))])).statusCode, 200);
      assert.equal((await t.api('DELETE', `/projects/${gone.id}`)).status, 202);
      assert.deepEqual(await removals(), [
        ['root/gone', [digest(1), digest(2)]],
        ['root/gone/tools', [digest(3)]],
      ]);
      const reborn = await createProject(t, t.rootToken, 'gone', 'public');
      assert.deepEqual(await grants(reborn.id, ['root/gone', 'root/gone/tools']), [[], [], []]);
      // Other paths of the new project are its own.
      const [anonymous, admin] = await grants(reborn.id, ['root/gone/fresh']);
      assert.deepEqual(anonymous, [{ type: 'repository', name: 'root/gone/fresh', actions: ['pull'] }]);
      assert.deepEqual(admin, [{ type: 'repository', name: 'root/gone/fresh', actions: ['pull', 'push', 'delete', '*'] }]);
      // The registry is unreachable (at the DELETE, and now): the purge keeps them listed, saying why.
      const result = await purgeContainerRepositories(t.app.deps, 'system', { paths: ['root/gone', 'root/gone/tools'] });
      assert.deepEqual(result, { emptied: [], failed: ['root/gone', 'root/gone/tools'] });
      const row = await t.app.deps.db.selectFrom('container_repository_removals').selectAll().where('path', '=', 'root/gone').executeTakeFirstOrThrow();
      assert.equal(row.attempts, 2);
      assert.match(String(row.last_error), /fetch failed|ECONNREFUSED/);
    });

    test('a push notified after its project was deleted is listed for removal, never credited to the next project there', async () => {
      const late = await createProject(t, t.rootToken, 'late');
      assert.equal((await t.api('DELETE', `/projects/${late.id}`)).status, 202);
      await t.app.deps.db.deleteFrom('container_repository_removals').where('path', '=', 'root/late').execute(); // as if emptied
      assert.equal((await notify([pushed('root/late', 'v9', digest(9))])).statusCode, 200);
      const reborn = await createProject(t, t.rootToken, 'late', 'public');
      assert.equal((await notify([pushed('root/late', 'v10', digest(10))])).statusCode, 200);
      assert.deepEqual((await removals()).find(([path]) => path === 'root/late'), ['root/late', [digest(9), digest(10)]]);
      assert.deepEqual((await t.api('GET', `/projects/${reborn.id}/registry/repositories`)).body, []);
      assert.deepEqual(await grants(reborn.id, ['root/late']), [[], [], []]);
    });

    test('PUT /projects/:id with a new path: refused while tags exist; once they are deleted, the old paths are listed and serve no one', async () => {
      const moving = await createProject(t, t.rootToken, 'moving');
      await notify([pushed('root/moving', 'v1', digest(11))]);
      const refused = await t.api('PUT', `/projects/${moving.id}`, { body: { path: 'moved' } });
      assert.deepEqual([refused.status, refused.body], [400, { message: '400 Bad request - Cannot rename project because it contains container registry tags!' }]);

      await notify([{ action: 'delete', target: { repository: 'root/moving', tag: 'v1' }, actor: { name: 'root' } }]);
      const renamed = await t.api('PUT', `/projects/${moving.id}`, { body: { path: 'moved' } });
      assert.equal(renamed.status, 200);
      assert.deepEqual((await removals()).find(([path]) => path === 'root/moving'), ['root/moving', [digest(11)]]);
      const newcomer = await createProject(t, t.rootToken, 'moving', 'public');
      assert.deepEqual(await grants(newcomer.id, ['root/moving']), [[], [], []]);
      const [, admin] = await grants(moving.id, ['root/moved']);
      assert.deepEqual(admin, [{ type: 'repository', name: 'root/moved', actions: ['pull', 'push', 'delete', '*'] }]);
    });
  });
}
