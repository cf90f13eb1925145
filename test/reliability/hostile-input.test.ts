import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type ApiResponse, type TestApp } from '../helpers/test-app.ts';

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
const hostileValue = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(2 ** 53, -(2 ** 63), Number.MAX_VALUE, null, true, false),
  fc.array(hostileString, { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 5 }), hostileString, { maxKeys: 3 }),
);

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

    test('POST /projects/:id/access_tokens answers any parameter values with a clean 4xx or a 201', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.record({ name: hostileValue, scopes: hostileValue, expires_at: hostileValue, access_level: hostileValue, description: hostileValue }, { requiredKeys: [] }),
          async (body) => {
            const res = await t.api('POST', `/projects/${projectId}/access_tokens`, { body });
            if (res.status === 201) return;
            assertCleanRefusal(res, JSON.stringify(body).slice(0, 200));
          },
        ),
        { numRuns: RUNS },
      );
    });

    test('POST /projects, POST /users, POST members and issues answer any parameter values with a clean 4xx or success', async () => {
      const routes: [string, string[]][] = [
        ['/projects', ['name', 'path', 'visibility', 'description', 'namespace_id', 'default_branch']],
        ['/users', ['username', 'email', 'name', 'password', 'admin']],
        [`/projects/${projectId}/members`, ['user_id', 'access_level', 'expires_at']],
        [`/projects/${projectId}/issues`, ['title', 'description']],
      ];
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...routes), fc.array(hostileValue, { minLength: 6, maxLength: 6 }), async ([route, fields], values) => {
          const body = Object.fromEntries(fields.map((field, i) => [field, values[i]]));
          const res = await t.api('POST', route, { body });
          if (res.status === 201) return;
          assertCleanRefusal(res, `${route} ${JSON.stringify(body).slice(0, 200)}`);
        }),
        { numRuns: RUNS },
      );
    });

    test('hostile project ids and query strings get a clean 4xx on every project route', async () => {
      const ids = fc.oneof(
        hostileString.map((s) => encodeURIComponent(s)),
        fc.constantFrom('..', '%2e%2e', '..%2F..%2Fetc', '%2Fetc%2Fpasswd', '%00', '99999999999999999999', '-1', '0', 'root%2F..%2Froot'),
      );
      const suffixes = ['', '/members', '/issues', '/access_tokens', '/events', '/audit_events', '/issues/1/notes', '/access_tokens/1'];
      await fc.assert(
        fc.asyncProperty(ids, fc.constantFrom(...suffixes), fc.dictionary(fc.constantFrom('page', 'per_page', 'sort', 'state', 'search', 'created_after', 'expires_before', 'order_by'), hostileString, { maxKeys: 3 }), async (id, suffix, query) => {
          fc.pre(id.length > 0);
          const qs = new URLSearchParams(query).toString();
          const res = await t.api('GET', `/projects/${id}${suffix}${qs ? `?${qs}` : ''}`);
          assertCleanRefusal(res, `/projects/${id}${suffix}?${qs}`);
        }),
        { numRuns: RUNS },
      );
    });

    test('impossible dates are refused with 400, not stored', async () => {
      for (const date of ['2026-02-30', '0000-01-01', '2026-13-01', '2026-1-1', 'tomorrow', '2026-11-31']) {
        const res = await t.api('POST', `/projects/${projectId}/access_tokens`, { body: { name: 'dated', scopes: ['api'], expires_at: date } });
        assert.equal(res.status, 400, date);
      }
    });
  });
}
