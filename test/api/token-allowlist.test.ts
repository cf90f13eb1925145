import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, DIALECTS } from '../helpers/databases.ts';
import { startHaproxy } from '../helpers/haproxy.ts';
import { startLatchkey, type LatchkeyProcess } from '../helpers/latchkey-process.ts';
import { freePort } from '../helpers/ports.ts';
import { relayFrom } from '../helpers/source-relay.ts';
import { GitCli, httpUrl, sshUrl } from '../git/git-cli.ts';

// A token's address allowlist (allowed_ips) on every transport, against the real server, with
// clients binding their source address: 127.0.0.1 is allowed, 127.0.0.2 is "another machine".

const ALLOWED = '127.0.0.1';
const OTHER = '127.0.0.2';
const PROXY = '127.0.0.3'; // the trusted proxy's own address
const BANNED_CLIENT = '127.0.0.4';
const MAX_FAILURES = 3;

interface Answer {
  status: number;
  body: string;
}

/** An HTTP request from `localAddress`, as a client on that address would send it. */
function request(url: string, options: { localAddress: string; headers?: Record<string, string>; method?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', localAddress: options.localAddress, headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const basic = (password: string) => `Basic ${Buffer.from(`bot:${password}`).toString('base64')}`;

for (const dialect of DIALECTS) {
  describe(`token address allowlist on every transport (${dialect})`, () => {
    let server: LatchkeyProcess;
    let git: GitCli;
    let relay: { port: number; close(): Promise<void> };
    let root: string;
    let project: { id: number; path: string };
    let limited: { id: number; token: string };

    const api = async (method: string, route: string, token: string, body?: unknown) => {
      const res = await fetch(`${server.url}/api/v4${route}`, {
        method,
        headers: { 'private-token': token, ...(body !== undefined && { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    };
    const deniedEvents = async () =>
      (await api('GET', `/projects/${project.id}/audit_events?per_page=100`, root)).body.filter((e: any) => e.event_name === 'project_access_token_address_denied');

    before(async () => {
      const database = await createTestDatabase(dialect);
      server = await startLatchkey(
        {
          LATCHKEY_REGISTRY_URL: 'http://127.0.0.1:5999',
          LATCHKEY_TRUSTED_PROXIES: PROXY,
          LATCHKEY_AUTH_BAN_MAX_FAILURES: String(MAX_FAILURES),
          ...(database.database.dialect === 'postgres' && { LATCHKEY_DATABASE_URL: database.database.url }),
        },
        { dataDir: database.dataDir },
      );
      git = new GitCli();
      relay = await relayFrom(OTHER, Number(new URL(server.url).port));
      root = await server.cli(['token', 'create', '--user', 'root', '--name', 'allowlist-root', '--scopes', 'api']);
      const created = (await api('POST', '/projects', root, { name: 'fenced' })).body;
      project = { id: created.id, path: created.path_with_namespace };
      const seed = git.dir('seed');
      assert.equal((await git.git(['clone', '--quiet', httpUrl(server.url, project.path, root), seed])).code, 0);
      await git.commit(seed, { 'README.md': '# fenced\n' }, 'first');
      assert.equal((await git.git(['push', '--quiet', 'origin', 'main'], { cwd: seed })).code, 0);
      const res = await api('POST', `/projects/${project.id}/access_tokens`, root, {
        name: 'fenced-bot',
        scopes: ['api', 'read_registry'],
        access_level: 30,
        allowed_ips: [`${ALLOWED}/32`, '::1'],
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      limited = { id: res.body.id, token: res.body.token };
    });
    after(async () => {
      await relay?.close();
      git?.close();
      await server?.stop();
    });

    test('API: 200 from an allowed address; from another, 401 exactly as an unknown token, and one audit event per address and minute', async () => {
      const ok = await request(`${server.url}/api/v4/projects/${project.id}`, { localAddress: ALLOWED, headers: { 'private-token': limited.token } });
      assert.equal(ok.status, 200);
      const refused = await request(`${server.url}/api/v4/projects/${project.id}`, { localAddress: OTHER, headers: { 'private-token': limited.token } });
      const unknown = await request(`${server.url}/api/v4/projects/${project.id}`, { localAddress: OTHER, headers: { 'private-token': `glpat-${'x'.repeat(20)}` } });
      assert.deepEqual([refused.status, JSON.parse(refused.body)], [401, { message: '401 Unauthorized' }]);
      assert.deepEqual([refused.status, refused.body], [unknown.status, unknown.body]);
      for (let i = 0; i < 5; i++) {
        assert.equal((await request(`${server.url}/api/v4/user`, { localAddress: OTHER, headers: { authorization: `Bearer ${limited.token}` } })).status, 401);
      }
      const events = await deniedEvents();
      assert.equal(events.length, 1, 'a flood from one address is one event a minute');
      assert.equal(events[0].details.ip_address, OTHER);
      assert.equal(events[0].details.custom_message, `Refused project access token with token_id: ${limited.id} from ${OTHER} (api): not in its allowed IP addresses`);
      assert.ok(!JSON.stringify(events).includes(limited.token));
    });

    test('git over HTTP: clones from the allowed address; from another, "HTTP Basic: Access denied"', async () => {
      const cloned = await git.git(['clone', '--quiet', httpUrl(server.url, project.path, limited.token), git.dir('ok')]);
      assert.equal(cloned.code, 0, cloned.stderr);
      const refused = await git.git(['clone', '--quiet', httpUrl(`http://127.0.0.1:${relay.port}`, project.path, limited.token), git.dir('refused')]);
      assert.equal(refused.code, 128);
      assert.match(refused.stderr, /remote: HTTP Basic: Access denied/);
    });

    test('SSH: the token as password works from the allowed address, and is an authentication failure from another', async () => {
      const env = git.sshEnv(server.sshPort, { password: limited.token });
      const cloned = await git.git(['clone', '--quiet', sshUrl(server.sshPort, project.path), git.dir('ssh-ok')], { env });
      assert.equal(cloned.code, 0, cloned.stderr);
      const bound = { ...env, GIT_SSH_COMMAND: `${env.GIT_SSH_COMMAND} -o BindAddress=${OTHER}` };
      const refused = await git.git(['clone', '--quiet', sshUrl(server.sshPort, project.path), git.dir('ssh-refused')], { env: bound });
      assert.equal(refused.code, 128);
      assert.match(refused.stderr, /Permission denied/);
    });

    test('registry /jwt/auth: a token from the allowed address, 401 and no token from another', async () => {
      const url = `${server.url}/jwt/auth?service=container_registry&scope=repository:${project.path}:pull`;
      const ok = await request(url, { localAddress: ALLOWED, headers: { authorization: basic(limited.token) } });
      assert.equal(ok.status, 200, ok.body);
      assert.ok(JSON.parse(ok.body).token);
      const refused = await request(url, { localAddress: OTHER, headers: { authorization: basic(limited.token) } });
      assert.equal(refused.status, 401);
      assert.equal(JSON.parse(refused.body).token, undefined);
    });

    test('a refused address counts toward the failed-authentication ban, like an unknown token', async () => {
      const url = `${server.url}/jwt/auth?service=container_registry`;
      for (let i = 0; i < MAX_FAILURES; i++) {
        assert.equal((await request(url, { localAddress: BANNED_CLIENT, headers: { authorization: basic(limited.token) } })).status, 401);
      }
      // root's own token, unrestricted, is now refused from that address: it is banned.
      assert.equal((await request(url, { localAddress: BANNED_CLIENT, headers: { authorization: basic(root) } })).status, 403);
      assert.equal((await request(url, { localAddress: ALLOWED, headers: { authorization: basic(limited.token) } })).status, 200, 'other addresses are not');
    });

    test('behind a trusted proxy, the address it forwards for is the one that counts', async () => {
      const proxy = await startHaproxy(await freePort(), [server.url], { forwardFor: { source: PROXY } });
      try {
        const route = `${proxy.url}/api/v4/projects/${project.id}`;
        assert.equal((await request(route, { localAddress: ALLOWED, headers: { 'private-token': limited.token } })).status, 200);
        assert.equal((await request(route, { localAddress: OTHER, headers: { 'private-token': limited.token } })).status, 401);
        // A client cannot claim an allowed address through the proxy: haproxy appends the real one.
        const spoofed = await request(route, { localAddress: OTHER, headers: { 'private-token': limited.token, 'x-forwarded-for': ALLOWED } });
        assert.equal(spoofed.status, 401);
      } finally {
        await proxy.stop();
      }
    });

    test('PUT lifts the list and the token works from anywhere on the next request; a new list applies just as soon', async () => {
      const url = `${server.url}/api/v4/projects/${project.id}`;
      assert.equal((await api('PUT', `/projects/${project.id}/access_tokens/${limited.id}`, root, { allowed_ips: [] })).status, 200);
      assert.equal((await request(url, { localAddress: OTHER, headers: { 'private-token': limited.token } })).status, 200);
      assert.equal((await api('PUT', `/projects/${project.id}/access_tokens/${limited.id}`, root, { allowed_ips: ['192.0.2.1'] })).status, 200);
      assert.equal((await request(url, { localAddress: ALLOWED, headers: { 'private-token': limited.token } })).status, 401);
    });
  });
}
