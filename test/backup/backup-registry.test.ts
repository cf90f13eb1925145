import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { createTestDatabase, DIALECTS } from '../helpers/databases.ts';
import { apiCall, startLatchkey, type LatchkeyProcess } from '../helpers/latchkey-process.ts';
import { buildOciImage, eventually, freePort, skopeo, UNAUTHORIZED_BODY, type CommandResult } from '../registry/registry-helpers.ts';
import { instanceEnv, latchkey } from './backup-helpers.ts';

// The registry leg of a backup: an image pushed to the embedded registry with a project token is
// in the archive (the registry's storage) and in its records (the tags the registry reported), and
// a restore into a fresh data dir and database brings both back behind the same tokens.

const BASIC_DENIED = 'HTTP Basic: Access denied';

/** GET /jwt/auth as skopeo asks it: the registry service, one scope, the token as the Basic password. */
async function jwtAuth(server: LatchkeyProcess, token: string, scope: string): Promise<{ status: number; body: unknown }> {
  const query = new URLSearchParams({ service: 'container_registry', scope });
  const res = await fetch(`${server.url}/jwt/auth?${query}`, {
    headers: { authorization: `Basic ${Buffer.from(`any:${token}`).toString('base64')}` },
  });
  return { status: res.status, body: await res.json() };
}

const registryListens = (addr: string) =>
  eventually('the embedded registry to listen', async () => ((await fetch(`http://${addr}/v2/`)).status === 401 ? true : undefined), 60_000);

const succeeded = (result: CommandResult) => assert.equal(result.code, 0, result.stderr);

for (const dialect of DIALECTS) {
  describe(`latchkey backup of an instance with the embedded registry, restored into a fresh one (${dialect})`, () => {
    test('the same token pulls the same image (same digest), the registry API still lists its tag, and a token revoked before the backup stays refused', async () => {
      const source = await createTestDatabase(dialect);
      const target = await createTestDatabase(dialect);
      const work = mkdtempSync(path.join(tmpdir(), 'latchkey-backup-registry-'));
      const archive = path.join(work, 'instance.tar.gz');
      // The restored instance's registry listens where the first one did: the same image name.
      const registryAddr = `127.0.0.1:${await freePort()}`;
      const registryEnv = { LATCHKEY_REGISTRY: 'embedded', LATCHKEY_REGISTRY_ADDR: registryAddr };
      let server: LatchkeyProcess | undefined;
      try {
        server = await startLatchkey({ ...instanceEnv(source), ...registryEnv }, { dataDir: source.dataDir });
        await registryListens(registryAddr);
        const rootToken = await server.cli(['token', 'create', '--user', 'root', '--name', 'backup-test', '--scopes', 'api']);
        const project = await apiCall(server.url, rootToken, 'POST', '/projects', { name: 'images' });
        const image = `${registryAddr}/${project.path_with_namespace}`;
        const builder = await apiCall(server.url, rootToken, 'POST', `/projects/${project.id}/access_tokens`, {
          name: 'image builder',
          scopes: ['read_registry', 'write_registry'],
          access_level: 30,
        });
        const leaver = await apiCall(server.url, rootToken, 'POST', `/projects/${project.id}/access_tokens`, { name: 'leaver', scopes: ['read_registry'], access_level: 20 });
        const pullScope = `repository:${project.path_with_namespace}:pull`;
        assert.equal((await jwtAuth(server, leaver.token, pullScope)).status, 200, 'the leaver could pull before it was revoked');
        await apiCall(server.url, rootToken, 'DELETE', `/projects/${project.id}/access_tokens/${leaver.id}`);

        const layout = path.join(work, 'image');
        buildOciImage(layout, 'v1', 'hello from before the backup');
        const digestFile = path.join(work, 'pushed-digest');
        succeeded(
          await skopeo(work, ['copy', '--dest-creds', `any:${builder.token}`, '--dest-tls-verify=false', '--digestfile', digestFile, `oci:${layout}:v1`, `docker://${image}:v1`]),
        );
        const pushed = readFileSync(digestFile, 'utf8').trim();
        assert.match(pushed, /^sha256:[0-9a-f]{64}$/);
        // The registry's push notification is what the tags API lists: wait for it before the backup.
        const [repository] = await eventually('the push notification', async () => {
          const listed = await apiCall(server!.url, rootToken, 'GET', `/projects/${project.id}/registry/repositories?tags=true`);
          return listed.length === 1 && listed[0].tags.length === 1 ? listed : undefined;
        });

        assert.equal(await server.cli(['backup', 'create', '--output', archive]), archive);
        await server.stop();
        server = undefined;
        // Only the archive can bring the image back: the first instance's registry files are gone.
        rmSync(path.join(source.dataDir, 'registry'), { recursive: true, force: true });

        const targetEnv = { ...instanceEnv(target), ...registryEnv };
        const restored = await latchkey(targetEnv, ['backup', 'restore', archive]);
        assert.equal(restored.code, 0, restored.stderr);
        assert.equal(restored.stdout, 'restore complete\n');
        server = await startLatchkey(targetEnv, { dataDir: target.dataDir });
        await registryListens(registryAddr);

        // The same token pulls the image it pushed, byte for byte (skopeo checks every blob's digest).
        const pulled = path.join(work, 'pulled');
        succeeded(await skopeo(work, ['copy', '--src-creds', `any:${builder.token}`, '--src-tls-verify=false', `docker://${image}:v1`, `oci:${pulled}:v1`]));
        assert.equal(JSON.parse(readFileSync(path.join(pulled, 'index.json'), 'utf8')).manifests[0].digest, pushed);
        const inspected = await skopeo(work, ['inspect', '--creds', `any:${builder.token}`, '--tls-verify=false', `docker://${image}:v1`]);
        succeeded(inspected);
        assert.equal(JSON.parse(inspected.stdout).Digest, pushed);

        // The registry API lists the repository and its tag as before the backup.
        const listed = await apiCall(server.url, rootToken, 'GET', `/projects/${project.id}/registry/repositories?tags=true`);
        assert.deepEqual(listed, [repository]);
        assert.deepEqual(listed[0].tags, [{ name: 'v1', path: `${project.path_with_namespace}:v1`, location: `${image}:v1` }]);
        const tags = await apiCall(server.url, rootToken, 'GET', `/projects/${project.id}/registry/repositories/${repository.id}/tags`);
        assert.deepEqual(tags.map((tag: { name: string }) => tag.name), ['v1']);
        const tag = await apiCall(server.url, rootToken, 'GET', `/projects/${project.id}/registry/repositories/${repository.id}/tags/v1`);
        assert.equal(tag.digest, pushed);

        // Revoked before the backup: still refused by the token service, so skopeo cannot pull.
        const refused = await jwtAuth(server, leaver.token, pullScope);
        assert.deepEqual(refused, { status: 401, body: UNAUTHORIZED_BODY });
        const denied = await skopeo(work, ['copy', '--src-creds', `any:${leaver.token}`, '--src-tls-verify=false', `docker://${image}:v1`, `oci:${path.join(work, 'refused')}:v1`]);
        assert.notEqual(denied.code, 0, 'skopeo should have failed');
        assert.ok(denied.stderr.includes(BASIC_DENIED), `expected "${BASIC_DENIED}" in: ${denied.stderr}`);
        assert.equal((await jwtAuth(server, builder.token, pullScope)).status, 200);
      } finally {
        await server?.stop();
        rmSync(work, { recursive: true, force: true });
        await source.drop();
        await target.drop();
      }
    });
  });
}
