import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type ApiResponse, type TestApp } from '../helpers/test-app.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const JSON_TYPE = { 'content-type': 'application/json' };
const TEN_KB = 'n'.repeat(10 * 1024);
const HUGE = ['2147483648', '99999999999', '99999999999999999999', '1e400'];

/** A 4xx whose body has GitLab's shape: `{"message": ...}` or `{"error": "..."}`. */
function assertGitLab4xx(res: ApiResponse, what: string): void {
  assert.ok(res.status >= 400 && res.status < 500, `${what}: status ${res.status} ${JSON.stringify(res.body)}`);
  assert.equal(typeof res.body, 'object', `${what}: body ${JSON.stringify(res.body)}`);
  const keys = Object.keys(res.body ?? {});
  assert.ok(
    (keys.length === 1 && (keys[0] === 'message' || keys[0] === 'error')) || keys.includes('error'),
    `${what}: body ${JSON.stringify(res.body)}`,
  );
}

for (const dialect of DIALECTS) {
  describe(`bad input gets a GitLab-shaped 4xx, never a 500 (${dialect})`, () => {
    let t: TestApp;
    let project: number;
    let userId: number;
    before(async () => {
      t = await startTestApp(dialect);
      userId = (await t.createUser('target')).id;
      project = (await t.api('POST', '/projects', { body: { name: 'victim' } })).body.id;
      await t.api('POST', `/projects/${project}/issues`, { body: { title: 'one' } });
    });
    after(async () => {
      const crashes = t.logs.filter((line) => line.includes('"unhandled error"'));
      await t.close();
      assert.deepEqual(crashes, [], 'no request ended in an unhandled error');
    });

    test('values of the wrong type get 400 "<field> is invalid"', async () => {
      const cases: [string, string, unknown, string][] = [
        ['POST', '/projects', { name: { a: 1 } }, 'name is invalid'],
        ['POST', '/projects', { name: ['a', 'b'] }, 'name is invalid'],
        ['POST', '/projects', { name: 'ok', visibility: ['public'] }, 'visibility does not have a valid value'],
        ['POST', '/projects', { name: 'ok', namespace_id: 'one' }, 'namespace_id is invalid'],
        ['POST', '/projects', { name: 'ok', namespace_id: 1.5 }, 'namespace_id is invalid'],
        ['POST', '/users', { email: ['a@example.com'], username: 'x', name: 'x', password: 'password-123' }, 'email is invalid'],
        ['POST', '/users', { email: 'a@example.com', username: 'x', name: 'x', password: 'password-123', admin: 'maybe' }, 'admin is invalid'],
        ['POST', `/projects/${project}/issues`, { title: { text: 'x' } }, 'title is invalid'],
        ['POST', `/projects/${project}/issues`, { title: 'x', description: [1] }, 'description is invalid'],
        ['POST', `/projects/${project}/issues/1/notes`, { body: { nested: true } }, 'body is invalid'],
        ['POST', `/projects/${project}/members`, { user_id: [userId], access_level: 30 }, 'user_id is invalid'],
        ['POST', `/projects/${project}/members`, { user_id: { id: userId }, access_level: 30 }, 'user_id is invalid'],
        ['POST', `/projects/${project}/members`, { user_id: true, access_level: 30 }, 'user_id is invalid'],
        ['POST', `/projects/${project}/members`, { user_id: userId, access_level: [30] }, 'access_level does not have a valid value'],
        ['PUT', `/projects/${project}/issues/1`, { state_event: { close: true } }, 'state_event does not have a valid value'],
      ];
      for (const [method, url, body, error] of cases) {
        const res = await t.api(method as 'POST', url, { body });
        assert.equal(res.status, 400, `${method} ${url} ${JSON.stringify(body)}`);
        assert.deepEqual(res.body, { error }, `${method} ${url} ${JSON.stringify(body)}`);
      }
    });

    test('missing required fields get 400 "<field> is missing"', async () => {
      const cases: [string, string, unknown, string][] = [
        ['POST', '/projects', {}, 'name is missing'],
        ['POST', '/projects', { name: null }, 'name is missing'],
        ['POST', `/projects/${project}/issues`, { title: '' }, 'title is missing'],
        ['POST', `/projects/${project}/issues/1/notes`, { body: null }, 'body is missing'],
        ['POST', `/projects/${project}/members`, { user_id: '', access_level: 30 }, 'user_id is missing'],
        ['PUT', `/projects/${project}/members/1`, {}, 'access_level is missing'],
        ['POST', `/users/${userId}/personal_access_tokens`, { name: 'x' }, 'scopes is missing'],
      ];
      for (const [method, url, body, error] of cases) {
        const res = await t.api(method as 'POST', url, { body });
        assert.equal(res.status, 400, `${method} ${url}`);
        assert.deepEqual(res.body, { error }, `${method} ${url}`);
      }
    });

    test('a JSON body that is an array, a string or null counts as no parameters', async () => {
      for (const payload of ['[1,2]', '"name"', 'null', '42']) {
        const res = await t.api('POST', '/projects', { body: payload, headers: JSON_TYPE });
        assert.equal(res.status, 400, payload);
        assert.deepEqual(res.body, { error: 'name is missing' }, payload);
      }
    });

    test('10 KB names, titles, usernames and search strings get a 400', async () => {
      const cases: [string, string, unknown][] = [
        ['POST', '/projects', { name: TEN_KB }],
        ['POST', '/projects', { name: 'ok', path: TEN_KB }],
        ['POST', '/users', { email: 'long@example.com', username: TEN_KB, name: 'x', password: 'password-123' }],
        ['POST', '/users', { email: `${TEN_KB}@example.com`, username: 'long', name: 'x', password: 'password-123' }],
        ['POST', `/projects/${project}/issues`, { title: TEN_KB }],
        ['PUT', `/projects/${project}`, { name: TEN_KB }],
        ['GET', `/users?search=${TEN_KB}`, undefined],
        ['GET', `/projects?search=${TEN_KB}`, undefined],
      ];
      for (const [method, url, body] of cases) {
        const res = await t.api(method as 'POST', url, { body });
        assert.equal(res.status, 400, `${method} ${url.slice(0, 40)}`);
        assertGitLab4xx(res, `${method} ${url.slice(0, 40)}`);
      }
    });

    test('control characters, NUL and lone surrogates get a 400', async () => {
      const bell = await t.api('POST', '/projects', { body: { name: 'bell\u0007' } });
      assert.equal(bell.status, 400);
      assert.deepEqual(bell.body, { message: { name: ['Name contains control characters'] } });
      const newline = await t.api('POST', `/projects/${project}/issues`, { body: { title: 'two\nlines' } });
      assert.equal(newline.status, 400);
      assert.deepEqual(newline.body, { message: { title: ['Title contains control characters'] } });
      for (const body of [{ name: 'nul\u0000byte' }, { name: 'half \ud800 pair' }, { name: 'ok', description: 'x\udc00' }]) {
        const res = await t.api('POST', '/projects', { body });
        assert.equal(res.status, 400, JSON.stringify(body));
        assertGitLab4xx(res, JSON.stringify(body));
      }
      const issue = await t.api('POST', `/projects/${project}/issues`, { body: { title: 'emoji 😀 are fine', description: 'tab\tand\nnewline are fine here' } });
      assert.equal(issue.status, 201);
      assert.equal(issue.body.title, 'emoji 😀 are fine');
    });

    test('unknown and huge ids in the path get a 404', async () => {
      const paths = [
        ...HUGE.map((id) => `/users/${id}`),
        ...HUGE.map((id) => `/projects/${id}`),
        ...HUGE.map((id) => `/projects/${project}/issues/${id}`),
        ...HUGE.map((id) => `/projects/${project}/members/${id}`),
        ...HUGE.map((id) => `/projects/${project}/issues/${id}/notes`),
        '/projects/-1',
        '/projects/1.5',
        `/projects/${project}/issues/-1`,
        `/projects/${project}/members/0x10`,
      ];
      for (const url of paths) {
        const res = await t.api('GET', url);
        assert.equal(res.status, 404, url);
        assertGitLab4xx(res, url);
      }
      const del = await t.api('DELETE', '/users/99999999999');
      assert.equal(del.status, 404);
    });

    test('huge integers in parameters get a 400', async () => {
      const cases: [string, string, unknown][] = [
        ['POST', `/projects/${project}/members`, { user_id: 99999999999, access_level: 30 }],
        ['POST', `/projects/${project}/members`, { user_id: '99999999999999999999', access_level: 30 }],
        ['POST', `/projects/${project}/members`, { user_id: 1e400, access_level: 30 }],
        ['POST', `/projects/${project}/members`, { user_id: userId, access_level: 1e20 }],
        ['POST', '/projects', { name: 'big', namespace_id: 2147483648 }],
        ['GET', `/projects/${project}/issues?author_id=99999999999`, undefined],
        ['GET', `/projects/${project}/issues?iids[]=99999999999`, undefined],
        ['GET', `/projects/${project}/members?user_ids[]=99999999999`, undefined],
        ['GET', '/users?page=99999999999', undefined],
        ['GET', '/users?per_page=99999999999999999999', undefined],
        ['GET', '/users?page=0', undefined],
        ['GET', '/users?per_page=-1', undefined],
      ];
      for (const [method, url, body] of cases) {
        const res = await t.api(method as 'POST', url, { body });
        assert.equal(res.status, 400, `${method} ${url} ${JSON.stringify(body)}`);
        assertGitLab4xx(res, `${method} ${url}`);
      }
    });

    test('malformed JSON gets a 400', async () => {
      for (const payload of ['{"name":', '{name: "x"}', "{'name':'x'}", '{"name":"x"}}', ' ']) {
        const res = await t.api('POST', '/projects', { body: payload, headers: JSON_TYPE });
        assert.equal(res.status, 400, payload);
        assertGitLab4xx(res, payload);
        assert.match(res.body.message, /^400 Bad request - /);
      }
    });

    test('JSON with __proto__ or constructor keys gets a 400 or is ignored, never pollutes', async () => {
      const proto = await t.api('POST', '/projects', { body: '{"__proto__":{"name":"evil"}}', headers: JSON_TYPE });
      assertGitLab4xx(proto, '__proto__');
      const form = await t.api('POST', '/projects', { body: '__proto__[name]=evil&constructor=x', headers: FORM });
      assert.equal(form.status, 400);
      assert.deepEqual(form.body, { error: 'name is missing' });
      assert.equal(({} as Record<string, unknown>).name, undefined);
    });

    test('an unsupported content type gets a 415', async () => {
      const res = await t.api('POST', '/projects', { body: '<project/>', headers: { 'content-type': 'application/xml' } });
      assert.equal(res.status, 415);
      assertGitLab4xx(res, 'xml');
    });

    test('a body over the size limit gets a 413', async () => {
      const res = await t.api('POST', `/projects/${project}/issues`, {
        body: JSON.stringify({ title: 'big', description: 'x'.repeat(11 * 1024 * 1024) }),
        headers: JSON_TYPE,
      });
      assert.equal(res.status, 413);
      assertGitLab4xx(res, 'big body');
    });

    test('a form body with name[] arrays works like JSON arrays', async () => {
      const res = await t.api('POST', `/users/${userId}/personal_access_tokens`, {
        body: 'name=formed&scopes[]=api&scopes[]=read_api',
        headers: FORM,
      });
      assert.equal(res.status, 201);
      assert.deepEqual(res.body.scopes, ['api', 'read_api']);
      const bad = await t.api('POST', `/users/${userId}/personal_access_tokens`, { body: 'name=formed&scopes[]=root', headers: FORM });
      assert.equal(bad.status, 400);
      assertGitLab4xx(bad, 'unknown scope');
      const issues = await t.api('GET', `/projects/${project}/issues?iids[]=1`);
      assert.equal(issues.status, 200);
      assert.deepEqual(issues.body.map((i: { iid: number }) => i.iid), [1]);
    });

    test('a form body repeating a single-valued field gets a 400', async () => {
      const res = await t.api('POST', '/projects', { body: 'name=a&name=b', headers: FORM });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, { error: 'name is invalid' });
    });

    test('a malformed %-escape or an over-long path segment gets a GitLab-shaped 4xx', async () => {
      const escape = await t.api('GET', '/projects/%E0%A4%A');
      assert.equal(escape.status, 400);
      assertGitLab4xx(escape, 'bad escape');
      const long = await t.api('GET', `/projects/${'a'.repeat(5000)}`);
      assert.ok(long.status === 404 || long.status === 414, String(long.status));
      assertGitLab4xx(long, 'long segment');
      const longPath = await t.api('GET', `/projects/root%2F${'a'.repeat(900)}`);
      assert.equal(longPath.status, 404);
      assert.deepEqual(longPath.body, { message: '404 Project Not Found' });
    });

    test('invalid dates get a 400', async () => {
      const cases = [
        ['POST', `/projects/${project}/members`, { user_id: userId, access_level: 30, expires_at: '2026-02-30' }],
        ['POST', `/projects/${project}/members`, { user_id: userId, access_level: 30, expires_at: 'tomorrow' }],
        ['POST', `/projects/${project}/members`, { user_id: userId, access_level: 30, expires_at: { y: 2026 } }],
        ['GET', `/projects/${project}/events?before=yesterday`, undefined],
        ['GET', `/projects/${project}/events?after=2026-13-01`, undefined],
      ] as const;
      for (const [method, url, body] of cases) {
        const res = await t.api(method, url, { body });
        assert.equal(res.status, 400, `${url} ${JSON.stringify(body)}`);
        assertGitLab4xx(res, url);
      }
    });
  });
}
