import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { addDays, utcDate } from '../../src/domain/clock.ts';
import type { RegistrySupervisor } from '../../src/registry/supervisor.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { createProject, createProjectToken, type TestProject } from '../helpers/project-tokens.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { buildOciImage, eventually, freePort, skopeo, startRegistryFor, type CommandResult } from './registry-helpers.ts';

const DENIED = 'denied: requested access to the resource is denied';
const BASIC_DENIED = 'HTTP Basic: Access denied';

for (const dialect of DIALECTS) {
  describe(`skopeo against a real docker-registry using Latchkey's tokens (${dialect})`, () => {
    let t: TestApp;
    let registry: RegistrySupervisor;
    let registryHost: string;
    let work: string;
    let image: string;
    let demo: TestProject;
    let other: TestProject;
    let open: TestProject;
    let pusher: { id: number; userId: number; token: string };

    const push = (token: string | null, target: string): Promise<CommandResult> =>
      skopeo(work, [
        'copy',
        ...(token === null ? ['--dest-no-creds'] : ['--dest-creds', `any:${token}`]),
        '--dest-tls-verify=false',
        `oci:${image}:v1`,
        `docker://${registryHost}/${target}`,
      ]);

    const pull = (token: string | null, source: string): Promise<CommandResult> => {
      const out = mkdtempSync(path.join(work, 'pulled-'));
      return skopeo(work, [
        'copy',
        ...(token === null ? ['--src-no-creds'] : ['--src-creds', `any:${token}`]),
        '--src-tls-verify=false',
        `docker://${registryHost}/${source}`,
        `oci:${out}:pulled`,
      ]);
    };

    const succeeded = (result: CommandResult) => assert.equal(result.code, 0, result.stderr);
    const refused = (result: CommandResult, message: string) => {
      assert.notEqual(result.code, 0, 'skopeo should have failed');
      assert.ok(result.stderr.includes(message), `expected "${message}" in: ${result.stderr}`);
    };

    before(async () => {
      work = mkdtempSync(path.join(tmpdir(), 'latchkey-registry-e2e-'));
      const registryPort = await freePort();
      registryHost = `127.0.0.1:${registryPort}`;
      t = await startTestApp(dialect, { LATCHKEY_REGISTRY_URL: `http://${registryHost}` });
      registry = await startRegistryFor(t, registryHost);

      image = path.join(work, 'image');
      buildOciImage(image, 'v1', 'hello from latchkey');
      demo = await createProject(t, t.rootToken, 'demo');
      other = await createProject(t, t.rootToken, 'other');
      open = await createProject(t, t.rootToken, 'open', 'public');
      pusher = await createProjectToken(t, demo.id, { scopes: ['write_registry', 'read_registry'], access_level: 30 });
    });

    after(async () => {
      await registry?.stop();
      await t?.close();
      rmSync(work, { recursive: true, force: true });
    });

    test('a write_registry + read_registry token pushes; the notification lists the repository and tag and adds a push event', async () => {
      succeeded(await push(pusher.token, 'root/demo:v1'));
      const repositories = await eventually('the push notification', async () => {
        const res = await t.api('GET', `/projects/${demo.id}/registry/repositories?tags=true`);
        return res.body.length === 1 && res.body[0].tags.length === 1 ? res.body : undefined;
      });
      assert.equal(repositories[0].path, 'root/demo');
      assert.equal(repositories[0].location, `${registryHost}/root/demo`);
      assert.deepEqual(repositories[0].tags, [{ name: 'v1', path: 'root/demo:v1', location: `${registryHost}/root/demo:v1` }]);
      const tags = await t.api('GET', `/projects/${demo.id}/registry/repositories/${repositories[0].id}/tags`);
      assert.deepEqual(tags.body.map((tag: any) => tag.name), ['v1']);

      const botName = (await t.api('GET', `/users/${pusher.userId}`)).body.username;
      const events = (await t.api('GET', `/projects/${demo.id}/events`)).body;
      const pushEvent = events.find((event: any) => event.target_type === 'ContainerRepository');
      assert.equal(pushEvent.action_name, 'pushed new');
      assert.equal(pushEvent.author_username, botName);
      assert.equal(pushEvent.target_title, 'root/demo:v1');
      const project = await t.api('GET', `/projects/${demo.id}`);
      assert.equal(project.body.container_registry_image_prefix, `${registryHost}/root/demo`);
    });

    test('an api token pushes, also to an image below the project path', async () => {
      const api = await createProjectToken(t, demo.id, { scopes: ['api'], access_level: 30 });
      succeeded(await push(api.token, 'root/demo:v2'));
      succeeded(await push(api.token, 'root/demo/tools:v1'));
    });

    test('read_registry, read_api and api tokens pull', async () => {
      for (const scopes of [['read_registry'], ['read_api'], ['api']]) {
        const token = await createProjectToken(t, demo.id, { scopes, access_level: 20 });
        const result = await pull(token.token, 'root/demo:v1');
        succeeded(result);
      }
    });

    test('a pull-only token cannot push: "denied"', async () => {
      const reader = await createProjectToken(t, demo.id, { scopes: ['read_registry'], access_level: 40 });
      refused(await push(reader.token, 'root/demo:v3'), DENIED);
    });

    test('a write_registry token without read_registry cannot complete a push (the registry needs pull to check blobs)', async () => {
      const writer = await createProjectToken(t, demo.id, { scopes: ['write_registry'], access_level: 30 });
      refused(await push(writer.token, 'root/demo:v4'), DENIED);
    });

    test('a Reporter-level token with write_registry cannot push: "denied"', async () => {
      const reporter = await createProjectToken(t, demo.id, { scopes: ['write_registry', 'read_registry'], access_level: 20 });
      refused(await push(reporter.token, 'root/demo:v5'), DENIED);
    });

    test("another project's token can neither pull nor push this project's private images", async () => {
      const foreign = await createProjectToken(t, other.id, { scopes: ['api'], access_level: 50 });
      refused(await pull(foreign.token, 'root/demo:v1'), DENIED);
      refused(await push(foreign.token, 'root/demo:evil'), DENIED);
      succeeded(await push(foreign.token, 'root/other:v1'));
    });

    test("a revoked token is refused, and the revoked bot's push events move to the ghost user", async () => {
      assert.equal((await t.api('DELETE', `/projects/${demo.id}/access_tokens/${pusher.id}`)).status, 204);
      refused(await pull(pusher.token, 'root/demo:v1'), BASIC_DENIED);
      refused(await push(pusher.token, 'root/demo:v6'), BASIC_DENIED);
      const events = (await t.api('GET', `/projects/${demo.id}/events`)).body;
      const first = events.find((event: any) => event.target_title === 'root/demo:v1');
      assert.equal(first.author_username, 'ghost');
    });

    test('an expired token is refused from 00:00 UTC on its expiry date', async () => {
      const realNow = t.clock.now();
      const tomorrow = addDays(utcDate(realNow), 1);
      const expiring = await createProjectToken(t, demo.id, { scopes: ['read_registry'], access_level: 20, expires_at: tomorrow });
      succeeded(await pull(expiring.token, 'root/demo:v1'));
      t.clock.set(`${tomorrow}T00:00:00.000Z`);
      try {
        refused(await pull(expiring.token, 'root/demo:v1'), BASIC_DENIED);
      } finally {
        t.clock.set(new Date().toISOString());
      }
    });

    test('anonymous: pulls a public project, cannot pull a private one, cannot push anywhere', async () => {
      const owner = await createProjectToken(t, open.id, { scopes: ['api'], access_level: 40 });
      succeeded(await push(owner.token, 'root/open:v1'));
      succeeded(await pull(null, 'root/open:v1'));
      refused(await pull(null, 'root/demo:v1'), 'unauthorized');
      refused(await push(null, 'root/open:v2'), DENIED);
    });

    test("the tags API names the digest of the registry's manifest, and the pulled layer holds the pushed file", async () => {
      const reader = await createProjectToken(t, demo.id, { scopes: ['read_registry'], access_level: 20 });
      // skopeo compresses the layer on push, so the registry's manifest is not the local one: ask the registry.
      const raw = await skopeo(work, ['inspect', '--raw', '--creds', `any:${reader.token}`, '--tls-verify=false', `docker://${registryHost}/root/demo:v1`]);
      succeeded(raw);
      const [repository] = (await t.api('GET', `/projects/${demo.id}/registry/repositories`)).body;
      const tag = await t.api('GET', `/projects/${demo.id}/registry/repositories/${repository.id}/tags/v1`);
      assert.equal(tag.body.digest, `sha256:${createHash('sha256').update(raw.stdout).digest('hex')}`);
      assert.equal(tag.body.total_size > 0, true);

      const out = path.join(work, 'check');
      succeeded(
        await skopeo(work, ['copy', '--src-creds', `any:${reader.token}`, '--src-tls-verify=false', `docker://${registryHost}/root/demo:v1`, `oci:${out}:v1`]),
      );
      const blob = (digest: string) => readFileSync(path.join(out, 'blobs', 'sha256', digest.slice('sha256:'.length)));
      const manifest = JSON.parse(blob(JSON.parse(readFileSync(path.join(out, 'index.json'), 'utf8')).manifests[0].digest).toString());
      const layer = blob(manifest.layers[0].digest);
      const tar = layer[0] === 0x1f && layer[1] === 0x8b ? gunzipSync(layer) : layer;
      assert.ok(tar.toString('latin1').includes('hello from latchkey'));
    });

    test('no token reaches the log', () => {
      assert.ok(t.logs.every((line) => !line.includes(pusher.token)));
    });
  });
}
