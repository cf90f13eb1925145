import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeRegistryConfig } from '../../src/registry/registry-config-file.ts';
import { startRegistrySupervisor, type RegistrySupervisor } from '../../src/registry/supervisor.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { createProject, createProjectToken, type TestProject } from '../helpers/project-tokens.ts';
import { relayFrom, type SourceRelay } from '../helpers/source-relay.ts';
import { ROOT_PASSWORD, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { textOf, WebClient } from '../web/web-client.ts';
import { buildOciImage, eventually, freePort, skopeo, type CommandResult } from './registry-helpers.ts';

// The registry legs of a token's address allowlist and of its activity, with the real client:
// skopeo against the real Distribution registry, whose token realm is Latchkey reached through a
// relay that connects from 127.0.0.2, so every token request skopeo makes comes from that address.

const CLIENT = '127.0.0.2';
const BASIC_DENIED = 'HTTP Basic: Access denied';

interface ActivityRow {
  transport: string;
  action: string;
  status: number;
  ip_address: string | null;
  user_agent: string | null;
}

for (const dialect of DIALECTS) {
  describe(`skopeo and a token's allowlist and activity on the registry (${dialect})`, () => {
    let t: TestApp;
    let registry: RegistrySupervisor;
    let relay: SourceRelay;
    let registryHost: string;
    let work: string;
    let image: string;
    let project: TestProject;

    const push = (token: string, tag: string): Promise<CommandResult> =>
      skopeo(work, ['copy', '--dest-creds', `any:${token}`, '--dest-tls-verify=false', `oci:${image}:v1`, `docker://${registryHost}/${project.path}:${tag}`]);
    const pull = (token: string, tag: string): Promise<CommandResult> =>
      skopeo(work, [
        'copy',
        '--src-creds',
        `any:${token}`,
        '--src-tls-verify=false',
        `docker://${registryHost}/${project.path}:${tag}`,
        `oci:${mkdtempSync(path.join(work, 'pulled-'))}:pulled`,
      ]);
    const succeeded = (result: CommandResult) => assert.equal(result.code, 0, result.stderr);
    const deniedAtSignIn = (result: CommandResult) => {
      assert.notEqual(result.code, 0, 'skopeo should have failed');
      assert.ok(result.stderr.includes(BASIC_DENIED), `expected "${BASIC_DENIED}" in: ${result.stderr}`);
    };
    const activity = async (tokenId: number): Promise<ActivityRow[]> => {
      await t.app.deps.tokenActivity.flush();
      const res = await t.api('GET', `/projects/${project.id}/access_tokens/${tokenId}/activity?transport=registry&per_page=100`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body as ActivityRow[];
    };
    const addressDenials = async (tokenId: number) =>
      ((await t.api('GET', `/projects/${project.id}/audit_events?per_page=100`)).body as { event_name: string; details: { target_id: number; custom_message: string; ip_address: string } }[])
        .filter((event) => event.event_name === 'project_access_token_address_denied' && event.details.target_id === tokenId)
        .map((event) => [event.details.ip_address, event.details.custom_message]);

    before(async () => {
      work = mkdtempSync(path.join(tmpdir(), 'latchkey-registry-guard-'));
      const registryPort = await freePort();
      registryHost = `127.0.0.1:${registryPort}`;
      t = await startTestApp(dialect, { LATCHKEY_REGISTRY_URL: `http://${registryHost}` });
      // The registry checks a token's iat/nbf/exp against the real time: Latchkey's clock must agree.
      t.clock.set(new Date().toISOString());
      await t.app.http.listen({ host: '127.0.0.1', port: 0 });
      const { port } = t.app.http.server.address() as { port: number };
      relay = await relayFrom(CLIENT, port);
      const { file } = writeRegistryConfig(t.config, t.app.deps.secret, { addr: registryHost, latchkeyUrl: `http://127.0.0.1:${relay.port}` });
      registry = startRegistrySupervisor({ configFile: file, log: t.app.deps.log });
      await eventually('the registry to listen', async () => ((await fetch(`http://${registryHost}/v2/`)).status === 401 ? true : undefined));
      image = path.join(work, 'image');
      buildOciImage(image, 'v1', 'hello from a guarded token');
      project = await createProject(t, t.rootToken, 'guarded-images');
    });

    after(async () => {
      await registry?.stop();
      await relay?.close();
      await t?.close();
      rmSync(work, { recursive: true, force: true });
    });

    test('a token allowed only elsewhere can neither push nor pull with skopeo; each refusal is an address-denied audit event', async () => {
      const elsewhere = await createProjectToken(t, project.id, { name: 'elsewhere', scopes: ['api'], access_level: 30, allowed_ips: ['127.0.0.1', '10.0.0.0/8'] });
      deniedAtSignIn(await push(elsewhere.token, 'refused'));
      deniedAtSignIn(await pull(elsewhere.token, 'refused'));
      const denials = await addressDenials(elsewhere.id);
      // At most one event per token, address and minute: the refused push and pull are one.
      assert.deepEqual(denials, [
        [CLIENT, `Refused project access token with token_id: ${elsewhere.id} from ${CLIENT} (registry): not in its allowed IP addresses`],
      ]);
      // Refused as an unknown token: no use of it is recorded, and nothing reached the registry.
      assert.deepEqual(await activity(elsewhere.id), []);
      const tags = await t.api('GET', `/projects/${project.id}/registry/repositories?tags=true`);
      assert.deepEqual(tags.body, []);
    });

    test('a token allowed from the client\'s network pushes and pulls; its activity shows registry push and pull from that address, in the API and on its page', async () => {
      const allowed = await createProjectToken(t, project.id, { name: 'image builder', scopes: ['api'], access_level: 30, allowed_ips: ['127.0.0.2/32'] });
      succeeded(await push(allowed.token, 'v1'));
      succeeded(await pull(allowed.token, 'v1'));
      assert.deepEqual(await addressDenials(allowed.id), []);

      // Newest first: the pull, then the push (which asks for pull and push in one scope).
      const rows = await activity(allowed.id);
      assert.deepEqual(
        rows.map((row) => [row.transport, row.action, row.status, row.ip_address]),
        [
          ['registry', `registry pull ${project.path}`, 200, CLIENT],
          ['registry', `registry pull,push ${project.path}`, 200, CLIENT],
        ],
      );
      assert.ok(rows.every((row) => /^skopeo\//.test(row.user_agent ?? '')), JSON.stringify(rows));

      const web = new WebClient(t);
      await web.signIn('root', ROOT_PASSWORD);
      const page = await web.get(`/${project.path}/-/settings/access_tokens/${allowed.id}/activity?transport=registry`);
      assert.equal(page.status, 200);
      const text = textOf(page.body);
      assert.match(text, /Activity of image builder/);
      assert.ok(text.includes(`registry pull,push ${project.path} 200 ${CLIENT}`), text);
      assert.ok(text.includes(`registry pull ${project.path} 200 ${CLIENT}`), text);
    });
  });
}
