import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';
import { TOKEN_SORTS } from '../../src/db/repositories/tokens.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { ROOT_PASSWORD, startTestApp, type ApiResponse, type TestApp } from '../helpers/test-app.ts';
import { routesOf } from '../security/routes.ts';
import { WebClient } from '../web/web-client.ts';
import {
  ABSENT,
  FRESH_USER,
  accessTokenFields,
  expectation,
  type Fault,
  type Field,
  isDateParam,
  isDateTimeParam,
  isOneOf,
  isPageParam,
  isTextParam,
  issueFields,
  memberFields,
  projectFields,
  userFields,
} from './hostile-cases.ts';

const RUNS = Number(process.env.LATCHKEY_PROPERTY_RUNS ?? 150);

/** A 4xx with a GitLab-shaped JSON body: `message` or `error`, never a stack trace. */
function assertCleanRefusal(res: ApiResponse, context: string): void {
  assert.ok(res.status >= 400 && res.status < 500, `${context}: status ${res.status} ${JSON.stringify(res.body)}`);
  assert.equal(typeof res.body, 'object', `${context}: body is not JSON`);
  assert.ok(res.body !== null && ('message' in res.body || 'error' in res.body), `${context}: ${JSON.stringify(res.body)}`);
  assert.ok(!JSON.stringify(res.body).includes('    at '), `${context}: stack trace in body`);
}

const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    "'; drop table users; --",
    '" or 1=1 --',
    '../../etc/passwd',
    '%2e%2e%2f',
    '/etc/passwd',
    '<script>alert(1)</script>',
    'x'.repeat(10_000),
    '\r\nX-Injected: 1',
    '2026-02-30',
    '0000-01-01',
    '9999999999999999999999',
    '-1',
    '1e309',
  ),
);

const PAGE = { page: isPageParam, per_page: isPageParam };
const BY_DATE = isOneOf(['asc', 'desc']);
/** The query parameters each project route reads (of those generated) and what each accepts. */
const QUERY_RULES: Record<string, Record<string, (value: string) => boolean>> = {
  '': {},
  '/members': PAGE,
  '/issues': { ...PAGE, state: isOneOf(['opened', 'closed', 'all']), search: isTextParam, order_by: isOneOf(['created_at', 'updated_at', 'title']), sort: BY_DATE },
  '/access_tokens': { ...PAGE, state: isOneOf(['active', 'inactive']), search: isTextParam, created_after: isDateTimeParam, expires_before: isDateParam, sort: isOneOf(TOKEN_SORTS) },
  '/events': { ...PAGE, sort: BY_DATE },
  '/audit_events': { ...PAGE, created_after: isDateTimeParam },
  '/issues/1/notes': { ...PAGE, sort: BY_DATE },
  '/access_tokens/1': {},
};

for (const dialect of DIALECTS) {
  describe(`hostile input (${dialect})`, () => {
    let t: TestApp;
    let projectId: number;
    before(async () => {
      t = await startTestApp(dialect);
      projectId = (await t.api('POST', '/projects', { body: { name: 'target' } })).body.id;
    });
    after(() => t.close());

    test('any token string that is not a live token gets 401 {"message":"401 Unauthorized"}', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(hostileString, hostileString.map((s) => `glpat-${s}`), fc.constant(t.rootToken.slice(0, -1))),
          async (token) => {
            fc.pre(token !== t.rootToken && !/[\r\n\u0000]/.test(token) && /^[\x20-\x7e]*$/.test(token) && token.trim() === token && token.length > 0);
            const res = await t.api('GET', '/user', { token });
            assert.equal(res.status, 401, JSON.stringify(token));
            assert.deepEqual(res.body, { message: '401 Unauthorized' });
          },
        ),
        { numRuns: RUNS },
      );
    });

    /** The exact status, and a GitLab body with the expected key (never a stack trace). */
    const assertAnswer = (res: ApiResponse, expected: { status: number; key: 'error' | 'message' | null }, context: string) => {
      assert.equal(res.status, expected.status, `${context}: ${JSON.stringify(res.body).slice(0, 300)}`);
      if (expected.key === null) return;
      assertCleanRefusal(res, context);
      assert.ok(expected.key in res.body, `${context}: expected "${expected.key}" in ${JSON.stringify(res.body).slice(0, 300)}`);
    };

    /** POST `url` with each generated body: the answer is exactly the one its values call for. */
    const answersExactly = (
      url: string,
      fields: Record<string, fc.Arbitrary<Field>>,
      options: { more?: (fields: Record<string, Field>) => Fault[]; prepare?: (body: Record<string, unknown>) => Promise<void> } = {},
    ) =>
      fc.assert(
        fc.asyncProperty(fc.record(fields), async (generated) => {
          const expected = expectation(generated, 201, options.more?.(generated) ?? []);
          await options.prepare?.(expected.body);
          const res = await t.api('POST', url, { body: expected.body });
          assertAnswer(res, expected, JSON.stringify(expected.body).slice(0, 200));
        }),
        { numRuns: RUNS },
      );

    test('POST /projects/:id/access_tokens answers each generated body with exactly the status its values call for', () =>
      answersExactly(`/projects/${projectId}/access_tokens`, accessTokenFields));

    test('POST /projects answers each generated body with exactly the status its values call for', async () => {
      const namespace = await t.app.deps.db.selectFrom('namespaces').select('id').where('path', '=', 'root').executeTakeFirstOrThrow();
      const unnamed = (fields: Record<string, Field>) => [fields.name!.value, fields.path!.value].every((value) => value === ABSENT || value === null);
      await answersExactly('/projects', projectFields(namespace.id), { more: (fields) => (unnamed(fields) ? [{ step: 6, status: 400, key: 'error' }] : []) });
    });

    test('POST /users answers each generated body with exactly the status its values call for', () => answersExactly('/users', userFields));

    test('POST /projects/:id/members answers each generated body with exactly the status its values call for', async () => {
      const root = (await t.api('GET', '/user')).body.id as number;
      const bot = (await t.api('POST', `/projects/${projectId}/access_tokens`, { body: { name: 'member-bot', scopes: ['api'] } })).body.user_id as number;
      let fresh = 0;
      const prepare = async (body: Record<string, unknown>) => {
        if (body.user_id !== FRESH_USER) return;
        const username = `member${++fresh}`;
        body.user_id = (await t.api('POST', '/users', { body: { username, email: `${username}@example.com`, name: username, password: 'password-123' } })).body.id;
      };
      await answersExactly(`/projects/${projectId}/members`, memberFields({ root, bot }), { prepare });
    });

    test('POST /projects/:id/issues answers each generated body with exactly the status its values call for', () =>
      answersExactly(`/projects/${projectId}/issues`, issueFields));

    test('a hostile project id gets 404 Project Not Found on every project route, or 400 when a query parameter the route reads is invalid, or 414 when too long', async () => {
      const ids = fc.oneof(hostileString, fc.constantFrom('../../etc', '/etc/passwd', '\u0000', '99999999999999999999', '-1', '0', 'root/../root', 'x'.repeat(1001)));
      const query = fc.dictionary(fc.constantFrom('page', 'per_page', 'sort', 'state', 'search', 'created_after', 'expires_before', 'order_by'), hostileString, { maxKeys: 3 });
      await fc.assert(
        fc.asyncProperty(ids, fc.constantFrom(...Object.keys(QUERY_RULES)), query, async (id, suffix, values) => {
          // Dot segments are resolved by URL parsing before routing (another route answers), and
          // a number or `root/...` may name a project the other tests made.
          fc.pre(id.length > 0 && id !== '.' && id !== '..' && !/^\s*\d{1,9}\s*$/.test(id) && !id.toLowerCase().startsWith('root/'));
          const qs = new URLSearchParams(values).toString();
          const received = new URLSearchParams(qs); // what the server reads: lone surrogates became U+FFFD
          const rules = QUERY_RULES[suffix]!;
          const invalid = [...received].filter(([name, value]) => rules[name] !== undefined && !rules[name]!(value)).map(([name]) => name);
          const url = `/projects/${encodeURIComponent(id)}${suffix}${qs ? `?${qs}` : ''}`;
          const res = await t.api('GET', url);
          const context = `${url.slice(0, 200)} (invalid: ${invalid.join(', ') || 'none'})`;
          assertCleanRefusal(res, context);
          if (id.length > 1000) assert.deepEqual([res.status, res.body], [414, { message: '414 Request-URI Too Long' }], context);
          else if (invalid.length > 0) {
            assert.equal(res.status, 400, context);
            assert.ok(invalid.some((name) => String(res.body.error).startsWith(`${name} `)), `${context}: ${JSON.stringify(res.body)}`);
          } else assert.deepEqual([res.status, res.body], [404, { message: '404 Project Not Found' }], context);
        }),
        { numRuns: RUNS },
      );
    });

    test('dot segments in a project id are resolved before routing: never a 5xx, never another project', async () => {
      for (const [url, status] of [
        ['/projects/..', 404],
        ['/projects/../members', 404],
        ['/projects/%2e%2e/issues', 404],
        ['/projects/./issues', 404],
        ['/projects/..%2F..%2Fetc/events', 404],
      ] as const) {
        const res = await t.api('GET', url);
        assert.equal(res.status, status, url);
        assertCleanRefusal(res, url);
      }
    });

    test('impossible dates are refused with 400, not stored', async () => {
      for (const date of ['2026-02-30', '0000-01-01', '2026-13-01', '2026-1-1', 'tomorrow', '2026-11-31']) {
        const res = await t.api('POST', `/projects/${projectId}/access_tokens`, { body: { name: 'dated', scopes: ['api'], expires_at: date } });
        assert.equal(res.status, 400, date);
      }
    });
  });
}

/** One request over a raw socket, exactly as written (an absolute-form target, odd headers). */
function rawRequest(port: number, head: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(head)); // the server closes (Connection: close)
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const end = text.indexOf('\r\n\r\n');
      const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine!.split(' ')[1]), headers, body: text.slice(end + 4) });
    });
  });
}

/** Lines the server logged at error level (50) or above: a hostile request must never cause one. */
const errorLogs = (t: TestApp): string[] => t.logs.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);

for (const dialect of DIALECTS) {
  describe(`hostile requests over the wire (${dialect})`, () => {
    let f: GitFixture;
    let port: number;
    let projectId: number;
    before(async () => {
      f = await startGitFixture(dialect);
      port = Number(new URL(f.baseUrl).port);
      projectId = (await f.createProject('open', 'public')).id;
      await f.seed('root/open');
    });
    after(() => f.close());

    test('POST git-upload-pack with a JSON, text, form or missing content type gets 415, and git still clones', async () => {
      for (const [type, body] of [['application/json', '{}'], ['text/plain', 'hello'], ['application/x-www-form-urlencoded', 'a=b'], [null, '0000']] as const) {
        for (const service of ['git-upload-pack', 'git-receive-pack']) {
          const res = await fetch(`${f.baseUrl}/root/open.git/${service}`, { method: 'POST', headers: type ? { 'content-type': type } : {}, body });
          assert.equal(res.status, 415, `${service} ${type}`);
          assert.deepEqual(await res.json(), { message: '415 Bad request - Unsupported content type' });
        }
      }
      const clone = await f.cli.git(['clone', '--quiet', `${f.baseUrl}/root/open.git`, f.cli.dir('clone')]);
      assert.equal(clone.code, 0, clone.stderr);
      assert.deepEqual(errorLogs(f.t), []);
    });

    test('GET .../repository/files/:file_path/raw refuses traversal, absolute and .git paths with 400 and still serves real files', async () => {
      for (const filePath of ['..%2Fconfig', '..%2F..%2Fsecret', 'docs%2F..%2F..%2Fconfig', '%2Fetc%2Fpasswd', '.git%2Fconfig', 'docs%2F.GIT%2Fx', '.%2FREADME.md', 'docs%2F%2Fguide.md', 'docs%2F', '%2E%2E%2Fconfig']) {
        const res = await f.t.api('GET', `/projects/${projectId}/repository/files/${filePath}/raw?ref=main`);
        assert.equal(res.status, 400, filePath);
        assert.deepEqual(res.body, { error: 'file_path should be a valid file path' }, filePath);
      }
      const readme = await f.t.api('GET', `/projects/${projectId}/repository/files/README.md/raw?ref=main`);
      assert.equal(readme.status, 200);
      assert.equal(readme.body, '# Seed\n');
      const guide = await f.t.api('GET', `/projects/${projectId}/repository/files/docs%2Fguide.md/raw`);
      assert.equal(guide.body, 'Read me.\n');
      assert.equal((await f.t.api('GET', `/projects/${projectId}/repository/files/missing.md/raw`)).status, 404);
      assert.deepEqual(errorLogs(f.t), []);
    });

    test('an absolute-form request target (GET http://x/api/v4/... HTTP/1.1) is served on every GET route, the Link header on the external URL', async () => {
      const issue = await f.t.api('POST', `/projects/${projectId}/issues`, { body: { title: 'an issue' } });
      const token = await f.t.api('POST', `/projects/${projectId}/access_tokens`, { body: { name: 'bot', scopes: ['api'] } });
      const ids: Record<string, string> = { id: String(projectId), iid: String(issue.body.iid), token_id: String(token.body.id), user_id: '1', id_or_username: 'root', branch: 'main', file_path: 'README.md', key_id: '1', repository_id: '1', tag_name: 'v1' };
      const routes = routesOf(f.t.app.http, 'GET').filter((route) => route.startsWith('/api/v4/'));
      let paginated = 0;
      for (const route of routes) {
        const target = route.replace(/:(\w+)/g, (_, name: string) => ids[name] ?? '1');
        const res = await rawRequest(port, `GET http://evil.example${target}?per_page=1 HTTP/1.1\r\nHost: evil.example\r\nPRIVATE-TOKEN: ${f.t.rootToken}\r\nConnection: close\r\n\r\n`);
        assert.ok(res.status < 500, `${target}: ${res.status} ${res.body.slice(0, 200)}`);
        if (res.headers['x-total'] === undefined) continue;
        paginated += 1;
        assert.equal(res.status, 200, target);
        for (const link of res.headers.link!.split(', ')) {
          assert.ok(link.startsWith(`<${f.t.config.externalUrl}${target.split('?')[0]}?`), `${target}: ${link}`);
          assert.ok(!link.includes('evil.example'), link);
        }
      }
      assert.ok(paginated >= 10, `only ${paginated} paginated routes answered`);
      assert.deepEqual(errorLogs(f.t), []);
    });

    test('GET /users/sign_in?redirect_to= while signed in goes to a local path only; /%0B, /%09/x and //x go to /', async () => {
      const web = new WebClient(f.t);
      assert.equal((await web.signIn('root', ROOT_PASSWORD)).status, 303);
      const cases: [string, string][] = [
        ['/%0B', '/'],
        ['/%09/evil.example', '/'],
        ['%2F%2Fevil.example', '/'],
        ['/%5Cevil.example', '/'],
        ['http%3A%2F%2Fevil.example', '/'],
        ['javascript%3Aalert(1)', '/'],
        ['/%252F%252Fevil.example', '/'],
        ['%2Froot%2Fopen', '/root/open'],
      ];
      for (const [query, location] of cases) {
        const res = await web.get(`/users/sign_in?redirect_to=${query}`);
        assert.equal(res.status, 303, query);
        assert.equal(res.headers.location, location, query);
      }
      assert.deepEqual(errorLogs(f.t), []);
    });

    test('POST /users/sign_in with redirect_to=/%0B signs in to / and leaves exactly one session; a failed one leaves none', async () => {
      const sessions = async () => (await f.t.app.deps.db.selectFrom('sessions').select('id_digest').execute()).length;
      for (const target of ['/\u000b', '/\t/evil.example', '//evil.example', '/\\evil.example', 'http://evil.example']) {
        const before = await sessions();
        const failed = await new WebClient(f.t).signIn('root', 'wrong-password', target);
        assert.equal(failed.status, 401, JSON.stringify(target));
        assert.equal(await sessions(), before, JSON.stringify(target));

        const web = new WebClient(f.t);
        const res = await web.signIn('root', ROOT_PASSWORD, target);
        assert.equal(res.status, 303, JSON.stringify(target));
        assert.equal(res.headers.location, '/');
        assert.equal(await sessions(), before + 1, JSON.stringify(target));
        assert.equal((await web.get('/')).status, 200);
      }
      assert.deepEqual(errorLogs(f.t), []);
    });
  });
}
