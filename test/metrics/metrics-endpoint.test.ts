import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { findPython } from '../clients/python-gitlab-runner.ts';
import { type GitFixture, startGitFixture } from '../git/git-fixture.ts';
import { httpUrl, sshUrl } from '../git/git-cli.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

// GET /-/metrics after real traffic on every transport (the API, git over HTTP and SSH with real
// git and ssh, a registry token, a webhook, failed logins), parsed by Prometheus' reference Python
// parser, and who may read it.

const METRICS_TOKEN = 'metrics-scrape-token-0123456789';
const OTHER = '127.0.0.2';
const PARSER = path.join(import.meta.dirname, 'parse_metrics.py');

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
interface Family {
  name: string;
  type: string;
  samples: Sample[];
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** GET from `localAddress`, as a client on that address sends it. */
function get(url: string, options: { localAddress?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { localAddress: options.localAddress ?? '127.0.0.1', headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    request.on('error', reject);
  });
}

/** The exposition through the strict parser (a malformed line makes it fail). */
function parse(text: string): Family[] {
  return JSON.parse(execFileSync(findPrometheusPython(), [PARSER], { input: text, encoding: 'utf8' })) as Family[];
}

function findPrometheusPython(): string {
  const python = findPython();
  execFileSync(python, ['-c', 'import prometheus_client'], { stdio: 'ignore' });
  return python;
}

class Scrape {
  constructor(readonly text: string, readonly families: Family[]) {}

  samples(): Sample[] {
    return this.families.flatMap((family) => family.samples);
  }

  /** The value of the sample named `name` whose labels include `labels` (0 when there is none). */
  value(name: string, labels: Record<string, string> = {}): number {
    const matching = this.samples().filter((s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value));
    assert.ok(matching.length <= 1, `${name} ${JSON.stringify(labels)} matches ${matching.length} samples`);
    return matching[0]?.value ?? 0;
  }

  has(name: string): boolean {
    return this.samples().some((s) => s.name === name);
  }
}

async function scrape(baseUrl: string): Promise<Scrape> {
  const res = await get(`${baseUrl}/-/metrics`);
  assert.equal(res.status, 200, res.body);
  assert.equal(res.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
  return new Scrape(res.body, parse(res.body));
}

const basic = (password: string) => `Basic ${Buffer.from(`any:${password}`).toString('base64')}`;

for (const dialect of DIALECTS) {
  describe(`GET /-/metrics after traffic on every transport (${dialect})`, () => {
    let f: GitFixture;
    let receiver: WebhookReceiver;
    let project: { id: number; path: string };
    let token: string;

    before(async () => {
      receiver = await startWebhookReceiver();
      f = await startGitFixture(dialect, {
        LATCHKEY_REGISTRY_URL: 'http://127.0.0.1:5000',
        LATCHKEY_ALLOW_LOCAL_WEBHOOKS: 'true',
        LATCHKEY_METRICS_TOKEN: METRICS_TOKEN,
      });
      project = await f.createProject('metrics-demo');
      await f.seed(project.path);
      token = (await f.projectToken(project.id, ['api'], 40, { name: 'metrics-bot' })).token;
    });
    after(async () => {
      await f?.close();
      await receiver?.close();
    });

    test('the counters move as the traffic implies, histograms are well-formed, and no label holds a token, user or path', async () => {
      const api = (method: string, route: string, body?: unknown) =>
        fetch(`${f.baseUrl}/api/v4${route}`, {
          method,
          headers: { 'private-token': token, ...(body !== undefined && { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      // A hook subscribed to pushes: the two pushes below queue two events (no delivery loop runs here).
      const hookRes = await api('POST', `/projects/${project.id}/hooks`, { url: `${receiver.url}/hook`, push_events: true });
      const hookText = await hookRes.text();
      assert.equal(hookRes.status, 201, hookText);
      const hook = JSON.parse(hookText) as { id: number };
      const spare = await f.projectToken(project.id, ['read_api'], 20, { name: 'spare' });
      const limited = await f.projectToken(project.id, ['read_api'], 20, { name: 'limited' });
      const limit = await f.t.api('PUT', `/projects/${project.id}/access_tokens/${limited.id}`, { body: { allowed_ips: ['10.9.9.9'] } });
      assert.equal(limit.status, 200, JSON.stringify(limit.body));
      const beforeTraffic = await scrape(f.baseUrl);

      // The API with a token.
      assert.equal((await api('GET', `/projects/${project.id}`)).status, 200);
      assert.equal((await api('DELETE', `/projects/${project.id}/access_tokens/${spare.id}`)).status, 204);
      // Refused logins on the API: a revoked token, a token used from outside its allowed addresses.
      const as = (other: string) => fetch(`${f.baseUrl}/api/v4/projects/${project.id}`, { headers: { 'private-token': other } });
      assert.equal((await as(spare.token)).status, 401);
      assert.equal((await as(limited.token)).status, 401);
      // An unknown path: one route label for every such request.
      assert.equal((await get(`${f.baseUrl}/api/v4/no/such/page/${project.path}`)).status, 404);
      // Git over HTTP with the token: a clone, then exactly one push.
      const dir = f.cli.dir('metrics-http');
      const clone = await f.cli.git(['clone', '--quiet', httpUrl(f.baseUrl, project.path, token), dir]);
      assert.equal(clone.code, 0, clone.stderr);
      await f.cli.commit(dir, { 'http.txt': 'pushed over http\n'.repeat(100) }, 'Over HTTP');
      const httpPush = await f.cli.git(['push', '--quiet', 'origin', 'main'], { cwd: dir });
      assert.equal(httpPush.code, 0, httpPush.stderr);
      // Git over SSH with the real ssh client and the token as password: one clone, one push.
      const sshEnv = f.cli.sshEnv(f.ssh.port, { password: token });
      const sshDir = f.cli.dir('metrics-ssh');
      const sshClone = await f.cli.git(['clone', '--quiet', sshUrl(f.ssh.port, project.path), sshDir], { env: sshEnv });
      assert.equal(sshClone.code, 0, sshClone.stderr);
      await f.cli.commit(sshDir, { 'ssh.txt': 'pushed over ssh\n' }, 'Over SSH');
      const sshPush = await f.cli.git(['push', '--quiet', 'origin', 'main'], { cwd: sshDir, env: sshEnv });
      assert.equal(sshPush.code, 0, sshPush.stderr);
      // A registry token granted, and a failed login at /jwt/auth.
      const scope = `scope=${encodeURIComponent(`repository:${project.path}:pull`)}`;
      const granted = await get(`${f.baseUrl}/jwt/auth?service=container_registry&${scope}`, { headers: { authorization: basic(token) } });
      assert.equal(granted.status, 200, granted.body);
      const refused = await get(`${f.baseUrl}/jwt/auth?service=container_registry&${scope}`, { headers: { authorization: basic('glpat-not-a-real-token-at-all') } });
      assert.equal(refused.status, 401, refused.body);
      // A webhook delivered (the hook's test trigger sends now).
      assert.equal((await api('POST', `/projects/${project.id}/hooks/${hook.id}/test/push_events`)).status, 201);
      await receiver.waitFor((requests) => requests.some((r) => r.path === '/hook'));

      const afterTraffic = await scrape(f.baseUrl);
      const moved = (name: string, labels: Record<string, string> = {}) => afterTraffic.value(name, labels) - beforeTraffic.value(name, labels);

      // HTTP requests by route template, method and status.
      assert.equal(moved('latchkey_http_requests_total', { route: '/api/v4/projects/:id', method: 'GET', status: '200' }), 1);
      assert.equal(moved('latchkey_http_requests_total', { route: '/api/v4/projects/:id', method: 'GET', status: '401' }), 2);
      assert.equal(moved('latchkey_http_requests_total', { route: '/api/v4/projects/:id/access_tokens/:token_id', method: 'DELETE', status: '204' }), 1);
      assert.equal(moved('latchkey_http_requests_total', { route: 'unmatched', method: 'GET', status: '404' }), 1);
      assert.equal(moved('latchkey_http_request_duration_seconds_count', { route: '/api/v4/projects/:id', method: 'GET' }), 3);
      // Git transfers: exactly one push each way; a clone is at least one fetch (protocol v2 over HTTP asks twice).
      assert.equal(moved('latchkey_git_transfers_total', { transport: 'http', direction: 'push' }), 1);
      assert.equal(moved('latchkey_git_transfers_total', { transport: 'ssh', direction: 'push' }), 1);
      assert.equal(moved('latchkey_git_transfers_total', { transport: 'ssh', direction: 'fetch' }), 1);
      assert.ok(moved('latchkey_git_transfers_total', { transport: 'http', direction: 'fetch' }) >= 1);
      for (const labels of [{ transport: 'http', direction: 'push' }, { transport: 'http', direction: 'fetch' }, { transport: 'ssh', direction: 'fetch' }, { transport: 'ssh', direction: 'push' }]) {
        assert.ok(moved('latchkey_git_transfer_bytes_total', labels) > 0, JSON.stringify(labels));
        assert.equal(moved('latchkey_git_transfer_duration_seconds_count', labels), moved('latchkey_git_transfers_total', labels));
      }
      // Authentications by transport and outcome: the SSH password logins (one per connection), the failed registry login.
      assert.equal(moved('latchkey_authentications_total', { transport: 'ssh', outcome: 'success' }), 2);
      assert.equal(moved('latchkey_authentications_total', { transport: 'registry', outcome: 'unknown' }), 1);
      assert.equal(moved('latchkey_authentications_total', { transport: 'registry', outcome: 'success' }), 1);
      assert.equal(moved('latchkey_authentications_total', { transport: 'api', outcome: 'revoked' }), 1);
      assert.equal(moved('latchkey_authentications_total', { transport: 'api', outcome: 'address_denied' }), 1);
      assert.equal(moved('latchkey_authentications_total', { transport: 'api', outcome: 'unknown' }), 0);
      assert.ok(moved('latchkey_authentications_total', { transport: 'api', outcome: 'success' }) >= 3);
      assert.ok(moved('latchkey_authentications_total', { transport: 'git_http', outcome: 'success' }) >= 2);
      // Registry grants, webhook deliveries and the queue the two pushes filled.
      assert.equal(moved('latchkey_registry_token_grants_total', { outcome: 'granted' }), 1);
      assert.equal(moved('latchkey_registry_token_grants_total', { outcome: 'refused' }), 1);
      assert.equal(moved('latchkey_webhook_deliveries_total', { outcome: 'success' }), 1);
      assert.equal(moved('latchkey_outbox_messages', { kind: 'webhook' }), 2);
      // Tokens by kind and state, counted at scrape time: the spare token went from active to revoked.
      assert.equal(moved('latchkey_tokens', { kind: 'project', state: 'revoked' }), 1);
      assert.equal(moved('latchkey_tokens', { kind: 'project', state: 'active' }), -1);
      assert.ok(afterTraffic.value('latchkey_tokens', { kind: 'personal', state: 'active' }) >= 1);
      // The read cache answered the token's repeated uses from memory.
      assert.ok(moved('latchkey_read_cache_hits_total', { kind: 'credentials' }) > 0);
      assert.ok(afterTraffic.has('latchkey_read_cache_misses_total'));
      // The database pool: PostgreSQL's figures; SQLite has no pool.
      assert.equal(afterTraffic.has('latchkey_database_pool_connections'), dialect === 'postgres');
      if (dialect === 'postgres') assert.ok(afterTraffic.value('latchkey_database_pool_connections') >= 1);
      // Node's default process metrics.
      assert.ok(afterTraffic.has('process_cpu_user_seconds_total'));
      assert.ok(afterTraffic.has('nodejs_heap_size_used_bytes'));

      // Every histogram: cumulative buckets ending in +Inf equal to _count, a _sum.
      const histograms = afterTraffic.families.filter((family) => family.type === 'histogram');
      assert.ok(histograms.some((family) => family.name === 'latchkey_http_request_duration_seconds'));
      assert.ok(histograms.some((family) => family.name === 'latchkey_git_transfer_duration_seconds'));
      for (const family of histograms) {
        const series = new Map<string, Sample[]>();
        for (const sample of family.samples.filter((s) => s.name.endsWith('_bucket'))) {
          const { le: _le, ...rest } = sample.labels;
          const key = JSON.stringify(rest);
          series.set(key, [...(series.get(key) ?? []), sample]);
        }
        for (const [key, buckets] of series) {
          const labels = JSON.parse(key) as Record<string, string>;
          const bounds = buckets.map((b) => (b.labels.le === '+Inf' ? Infinity : Number(b.labels.le)));
          assert.deepEqual(bounds, [...bounds].sort((a, b) => a - b), `${family.name} ${key}: buckets in order`);
          assert.equal(bounds.at(-1), Infinity, `${family.name} ${key}: a +Inf bucket`);
          for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i]!.value >= buckets[i - 1]!.value, `${family.name} ${key}: cumulative`);
          const count = family.samples.find((s) => s.name === `${family.name}_count` && JSON.stringify(s.labels) === JSON.stringify(labels));
          const sum = family.samples.find((s) => s.name === `${family.name}_sum` && JSON.stringify(s.labels) === JSON.stringify(labels));
          assert.equal(count?.value, buckets.at(-1)!.value, `${family.name} ${key}: _count is the +Inf bucket`);
          assert.ok(sum !== undefined && sum.value >= 0, `${family.name} ${key}: _sum`);
        }
      }

      // Label values come from closed sets: no token, user name, project path or raw URL.
      const secrets = [token, spare.token, limited.token, f.t.rootToken, METRICS_TOKEN, 'glpat-not-a-real-token-at-all'];
      const names = [project.path, 'metrics-demo', 'metrics-bot', 'limited', 'root', '/no/such/page', '10.9.9.9'];
      for (const sample of afterTraffic.samples()) {
        for (const value of Object.values(sample.labels)) {
          for (const word of [...secrets, ...names]) assert.ok(!value.includes(word), `${sample.name} has a label holding "${word}"`);
        }
      }
      for (const secret of secrets) assert.ok(!afterTraffic.text.includes(secret), 'no token anywhere in the exposition');
      assert.ok(!f.t.logs.join('').includes('scrape-time query failed'), 'every scrape-time query answered');
    });
  });

  describe(`GET /-/metrics: who may read it (${dialect})`, () => {
    let f: GitFixture;
    before(async () => {
      f = await startGitFixture(dialect, { LATCHKEY_METRICS_TOKEN: METRICS_TOKEN });
    });
    after(async () => {
      await f?.close();
    });

    test('loopback (127.0.0.1) reads it without a token', async () => {
      const res = await get(`${f.baseUrl}/-/metrics`);
      assert.equal(res.status, 200);
      assert.match(res.body, /^# HELP /m);
    });

    test('another address (127.0.0.2) gets 404 as for a page that is not there, also naming loopback in X-Forwarded-For (no trusted proxy)', async () => {
      for (const headers of [{}, { 'x-forwarded-for': '127.0.0.1' }] as Record<string, string>[]) {
        const res = await get(`${f.baseUrl}/-/metrics`, { localAddress: OTHER, headers });
        assert.equal(res.status, 404);
        assert.deepEqual(JSON.parse(res.body), { error: '404 Not Found' });
      }
    });

    test('another address with the metrics token as a bearer reads it; a wrong token gets 404; the token is never echoed or logged', async () => {
      const ok = await get(`${f.baseUrl}/-/metrics`, { localAddress: OTHER, headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      assert.equal(ok.status, 200);
      assert.match(ok.body, /^latchkey_http_requests_total\{/m);
      assert.ok(!ok.body.includes(METRICS_TOKEN));
      const wrong = `${METRICS_TOKEN}x`;
      for (const authorization of [`Bearer ${wrong}`, `Bearer ${METRICS_TOKEN.slice(0, -1)}`, `Basic ${Buffer.from(`any:${METRICS_TOKEN}`).toString('base64')}`, METRICS_TOKEN]) {
        const res = await get(`${f.baseUrl}/-/metrics`, { localAddress: OTHER, headers: { authorization } });
        assert.equal(res.status, 404, authorization);
        assert.ok(!res.body.includes(METRICS_TOKEN.slice(0, 16)), 'no part of the token in the answer');
      }
      assert.ok(!f.t.logs.join('').includes(METRICS_TOKEN.slice(0, 16)), 'the token is never logged');
    });
  });
}

// A trusted proxy's X-Forwarded-For names the client, as everywhere else.
for (const dialect of DIALECTS) {
  describe(`GET /-/metrics behind a trusted proxy (${dialect})`, () => {
    let f: GitFixture;
    before(async () => {
      f = await startGitFixture(dialect, { LATCHKEY_TRUSTED_PROXIES: OTHER });
    });
    after(async () => {
      await f?.close();
    });

    test('the proxy forwarding a loopback client is let in; forwarding another client, 404', async () => {
      assert.equal((await get(`${f.baseUrl}/-/metrics`, { localAddress: OTHER, headers: { 'x-forwarded-for': '127.0.0.1' } })).status, 200);
      assert.equal((await get(`${f.baseUrl}/-/metrics`, { localAddress: OTHER, headers: { 'x-forwarded-for': '203.0.113.9' } })).status, 404);
    });
  });
}
