import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeRegistryConfig } from '../../src/registry/registry-config-file.ts';
import { startRegistrySupervisor, type RegistrySupervisor } from '../../src/registry/supervisor.ts';
import { purgeContainerRepositories } from '../../src/services/registry/purge-container-repositories.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { createProject, createProjectToken, type TestProject } from '../helpers/project-tokens.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { basic, buildOciImage, eventually, freePort, grantedAccess, jwtAuth, skopeo, type CommandResult } from './registry-helpers.ts';

const MANIFEST_TYPES = 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json';

for (const dialect of DIALECTS) {
  describe(`images of a deleted or renamed project, with a real docker-registry and skopeo (${dialect})`, () => {
    let t: TestApp;
    let registry: RegistrySupervisor;
    let registryFile: string;
    let registryHost: string;
    let work: string;
    let image: string;

    const startRegistry = async () => {
      registry = startRegistrySupervisor({ configFile: registryFile, log: t.app.deps.log });
      await eventually('the registry to listen', async () => ((await fetch(`http://${registryHost}/v2/`)).status === 401 ? true : undefined));
    };

    const push = (token: string, target: string): Promise<CommandResult> =>
      skopeo(work, ['copy', '--dest-creds', `any:${token}`, '--dest-tls-verify=false', `oci:${image}:v1`, `docker://${registryHost}/${target}`]);

    const pull = (token: string | null, source: string): Promise<CommandResult> =>
      skopeo(work, [
        'copy',
        ...(token === null ? ['--src-no-creds'] : ['--src-creds', `any:${token}`]),
        '--src-tls-verify=false',
        `docker://${registryHost}/${source}`,
        `oci:${mkdtempSync(path.join(work, 'pulled-'))}:pulled`,
      ]);

    const succeeded = (result: CommandResult) => assert.equal(result.code, 0, result.stderr);

    /** Asks the registry itself, with a pull token of the admin: the status of a manifest or blob. */
    const registryStatus = async (repository: string, what: string): Promise<number> => {
      const access = await grantedAccess(t, await jwtAuth(t, [`repository:${repository}:pull`], basic(t.rootToken)));
      assert.deepEqual(access, [{ type: 'repository', name: repository, actions: ['pull'] }], 'the admin may pull again once the path is emptied');
      const token = (await jwtAuth(t, [`repository:${repository}:pull`], basic(t.rootToken))).body.token;
      const res = await fetch(`http://${registryHost}/v2/${repository}/${what}`, { headers: { authorization: `Bearer ${token}`, accept: MANIFEST_TYPES } });
      return res.status;
    };

    /** Pushes v1 to `path` (and to `path/tools`) and waits until the notifications are recorded; returns the layer digest. */
    const pushImages = async (project: TestProject): Promise<string> => {
      const pusher = await createProjectToken(t, project.id, { scopes: ['api'], access_level: 40 });
      succeeded(await push(pusher.token, `${project.path}:v1`));
      succeeded(await push(pusher.token, `${project.path}/tools:v1`));
      await eventually('the push notifications', async () => {
        const res = await t.api('GET', `/projects/${project.id}/registry/repositories?tags=true`);
        return res.body.length === 2 && res.body.every((repository: any) => repository.tags.length === 1) ? true : undefined;
      });
      const token = (await jwtAuth(t, [`repository:${project.path}:pull`], basic(pusher.token))).body.token;
      const manifest = await fetch(`http://${registryHost}/v2/${project.path}/manifests/v1`, { headers: { authorization: `Bearer ${token}`, accept: MANIFEST_TYPES } });
      assert.equal(manifest.status, 200);
      return ((await manifest.json()) as { layers: { digest: string }[] }).layers[0]!.digest;
    };

    before(async () => {
      work = mkdtempSync(path.join(tmpdir(), 'latchkey-registry-removal-'));
      registryHost = `127.0.0.1:${await freePort()}`;
      t = await startTestApp(dialect, { LATCHKEY_REGISTRY_URL: `http://${registryHost}` });
      t.clock.set(new Date().toISOString()); // the registry checks token times against the real clock
      await t.app.http.listen({ host: '127.0.0.1', port: 0 });
      const { port } = t.app.http.server.address() as { port: number };
      registryFile = writeRegistryConfig(t.config, t.app.deps.secret, { addr: registryHost, latchkeyUrl: `http://127.0.0.1:${port}` }).file;
      await startRegistry();
      image = path.join(work, 'image');
      buildOciImage(image, 'v1', 'private bytes of the first project');
    });

    after(async () => {
      await registry?.stop();
      await t?.close();
      rmSync(work, { recursive: true, force: true });
    });

    test('DELETE /projects/:id empties its registry repositories: a public project made at the same path pulls none of the old tags', async () => {
      const secret = await createProject(t, t.rootToken, 'secret');
      const layer = await pushImages(secret);
      assert.equal((await t.api('DELETE', `/projects/${secret.id}`)).status, 202);

      const reborn = await createProject(t, t.rootToken, 'secret', 'public');
      assert.equal(reborn.path, secret.path);
      for (const source of [`${secret.path}:v1`, `${secret.path}/tools:v1`]) {
        const anonymous = await pull(null, source);
        assert.notEqual(anonymous.code, 0, `anonymous pull of ${source} should fail`);
        assert.match(anonymous.stderr, /manifest unknown/);
        assert.notEqual((await pull(t.rootToken, source)).code, 0, `the admin's pull of ${source} should fail`);
      }
      // Gone from the registry itself: the manifest, and the layer's link in the repository.
      assert.equal(await registryStatus(secret.path, 'manifests/v1'), 404);
      assert.equal(await registryStatus(secret.path, `blobs/${layer}`), 404);
      assert.equal(await registryStatus(`${secret.path}/tools`, 'manifests/v1'), 404);
      // The path is the new project's: its own image pushes and pulls anonymously.
      const owner = await createProjectToken(t, reborn.id, { scopes: ['api'], access_level: 40 });
      succeeded(await push(owner.token, `${reborn.path}:v2`));
      succeeded(await pull(null, `${reborn.path}:v2`));
    });

    test('with the registry down at deletion, the old path grants nothing to anyone until the purge has emptied it', async () => {
      const later = await createProject(t, t.rootToken, 'later');
      await pushImages(later);
      await registry.stop();
      assert.equal((await t.api('DELETE', `/projects/${later.id}`)).status, 202);
      await startRegistry();

      const reborn = await createProject(t, t.rootToken, 'later', 'public');
      const owner = await createProjectToken(t, reborn.id, { scopes: ['api'], access_level: 50 });
      for (const credentials of [null, basic(t.rootToken), basic(owner.token)]) {
        const res = await jwtAuth(t, [`repository:${later.path}:pull,push,delete,*`, `repository:${later.path}/tools:pull`], credentials);
        assert.deepEqual(await grantedAccess(t, res), [], 'nothing is granted on a path still holding the old images');
      }
      const anonymous = await pull(null, `${later.path}:v1`);
      assert.notEqual(anonymous.code, 0);
      assert.doesNotMatch(anonymous.stderr, /manifest unknown/, 'refused by the token service, not by a missing manifest');

      const result = await purgeContainerRepositories(t.app.deps, 'system');
      assert.deepEqual(result.failed, []);
      assert.deepEqual([...result.emptied].sort(), [later.path, `${later.path}/tools`]);
      assert.match((await pull(null, `${later.path}:v1`)).stderr, /manifest unknown/);
      assert.equal(await registryStatus(`${later.path}/tools`, 'manifests/v1'), 404);
      succeeded(await push(owner.token, `${reborn.path}:v2`));
      succeeded(await pull(null, `${reborn.path}:v2`));
    });

    test('PUT /projects/:id refuses a new path while the project has tags (GitLab\'s 400), so no image is left behind', async () => {
      const kept = await createProject(t, t.rootToken, 'kept');
      await pushImages(kept);
      const res = await t.api('PUT', `/projects/${kept.id}`, { body: { path: 'moved' } });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, { message: '400 Bad request - Cannot rename project because it contains container registry tags!' });
      assert.equal((await t.api('GET', `/projects/${kept.id}`)).body.path, 'kept');
      assert.equal((await t.api('PUT', `/projects/${kept.id}`, { body: { name: 'Kept, renamed' } })).status, 200, 'the name may change');
    });

    test("DELETE /users/:id empties the registry repositories of the user's projects: a new user of that name pulls nothing old", async () => {
      const alice = await t.createUser('alice');
      const project = await createProject(t, alice.token, 'app');
      await pushImages(project);
      assert.equal((await t.api('DELETE', `/users/${alice.id}`)).status, 204);

      const again = await t.createUser('alice');
      const reborn = await createProject(t, again.token, 'app', 'public');
      assert.equal(reborn.path, project.path);
      assert.match((await pull(null, `${project.path}:v1`)).stderr, /manifest unknown/);
      assert.match((await pull(again.token, `${project.path}/tools:v1`)).stderr, /manifest unknown/);
    });
  });
}
