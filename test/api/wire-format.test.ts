import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

// What GitLab clients read off the wire before they look at a body: python-gitlab 3.x decodes a
// response only when its Content-Type is exactly `application/json`, and sends
// `Content-Type: application/json` with an empty body on every DELETE.

for (const dialect of DIALECTS) {
  describe(`wire format that GitLab clients depend on (${dialect})`, () => {
    let t: TestApp;
    let host: string;
    let readApiToken: string;
    let projectId: number;
    let memberId: number;

    before(async () => {
      t = await startTestApp(dialect, { LATCHKEY_REGISTRY_URL: 'http://127.0.0.1:5000' });
      host = await t.app.http.listen({ host: '127.0.0.1', port: 0 });
      readApiToken = (await t.createUser('reader', { scopes: ['read_api'] })).token;
      memberId = (await t.createUser('member')).id;
      projectId = (await t.api('POST', '/projects', { body: { name: 'wire' } })).body.id;
    });
    after(() => t.close());

    const call = (method: string, path: string, init: { token?: string | null; headers?: Record<string, string>; body?: string } = {}) => {
      const token = init.token === undefined ? t.rootToken : init.token;
      return fetch(`${host}${path}`, {
        method,
        headers: { ...(token ? { 'private-token': token } : {}), ...init.headers },
        ...(init.body !== undefined && { body: init.body }),
      });
    };
    const JSON_TYPE = { 'content-type': 'application/json' };
    const FORM_TYPE = { 'content-type': 'application/x-www-form-urlencoded' };

    test('every JSON answer (success, refusals, errors, unknown routes, /jwt/auth, health) says exactly application/json', async () => {
      const basic = `Basic ${Buffer.from('root:glpat-wrong').toString('base64')}`;
      const cases: [string, string, Parameters<typeof call>[2], number][] = [
        ['GET', '/api/v4/version', {}, 200],
        ['GET', '/api/v4/projects?per_page=1', {}, 200],
        ['POST', '/api/v4/projects', { headers: JSON_TYPE, body: '{"name":"typed"}' }, 201],
        ['GET', '/api/v4/user', { token: null }, 401],
        ['GET', '/api/v4/user', { token: 'glpat-not-a-real-token-at-all' }, 401],
        ['POST', '/api/v4/projects', { token: readApiToken, headers: JSON_TYPE, body: '{"name":"nope"}' }, 403],
        ['GET', '/api/v4/projects/999999', {}, 404],
        ['GET', '/api/v4/no/such/route', {}, 404],
        ['GET', '/no-such-page', { token: null }, 404],
        ['POST', '/api/v4/projects', { headers: JSON_TYPE, body: '{}' }, 400],
        ['POST', '/api/v4/projects', { headers: JSON_TYPE, body: '{"name":' }, 400],
        ['POST', '/api/v4/projects', { headers: { 'content-type': 'application/xml' }, body: '<p/>' }, 415],
        ['GET', '/api/v4/projects/%E0%A4%A', {}, 400],
        ['GET', '/api/v4/projects?owned=maybe', {}, 400],
        ['GET', '/jwt/auth?service=container_registry', { token: null }, 200],
        ['GET', '/jwt/auth?service=container_registry', { token: null, headers: { authorization: basic } }, 401],
        ['GET', '/-/liveness', { token: null }, 200],
        ['GET', '/-/readiness', { token: null }, 200],
      ];
      for (const [method, path, init, status] of cases) {
        const res = await call(method, path, init);
        const what = `${method} ${path} ${JSON.stringify(init)}`;
        assert.equal(res.status, status, what);
        assert.equal(res.headers.get('content-type'), 'application/json', what);
        await res.json();
      }
    });

    test('HTML pages and the browser 404 still say text/html; charset=utf-8', async () => {
      const signIn = await call('GET', '/users/sign_in', { token: null });
      assert.equal(signIn.status, 200);
      assert.equal(signIn.headers.get('content-type'), 'text/html; charset=utf-8');
      // A path no route takes: the browser's 404 page.
      const missing = await call('GET', '/users/no-such/page', { token: null, headers: { accept: 'text/html' } });
      assert.equal(missing.status, 404);
      assert.equal(missing.headers.get('content-type'), 'text/html; charset=utf-8');
      // A one-segment path may be a group: signed out, it is GitLab's redirect to sign in, never a
      // 404 that would tell a missing group from a private one.
      const namespace = await call('GET', '/no-such-page', { token: null, headers: { accept: 'text/html' } });
      assert.equal(namespace.url, `${host}/users/sign_in?redirect_to=%2Fno-such-page`);
      assert.equal(namespace.headers.get('content-type'), 'text/html; charset=utf-8');
    });

    test('DELETE with Content-Type: application/json and an empty body is done, as python-gitlab sends it', async () => {
      const added = await t.api('POST', `/projects/${projectId}/members`, { body: { user_id: memberId, access_level: 30 } });
      assert.equal(added.status, 201);
      const res = await call('DELETE', `/api/v4/projects/${projectId}/members/${memberId}`, { headers: JSON_TYPE, body: '' });
      assert.equal(res.status, 204);
      const members = await t.api('GET', `/projects/${projectId}/members`);
      assert.deepEqual(members.body.map((m: { id: number }) => m.id).includes(memberId), false);
    });

    test('an empty JSON or form body is no parameters for POST and PUT, not a parse error', async () => {
      const post = await call('POST', '/api/v4/projects', { headers: JSON_TYPE, body: '' });
      assert.equal(post.status, 400);
      assert.deepEqual(await post.json(), { error: 'name is missing' });
      const put = await call('PUT', `/api/v4/projects/${projectId}`, { headers: JSON_TYPE, body: '' });
      assert.equal(put.status, 200);
      assert.equal((await put.json()).name, 'wire');
      const form = await call('PUT', `/api/v4/projects/${projectId}`, { headers: FORM_TYPE, body: '' });
      assert.equal(form.status, 200);
      const deleted = await call('DELETE', `/api/v4/projects/${(await t.api('POST', '/projects', { body: { name: 'gone' } })).body.id}`, {
        headers: FORM_TYPE,
        body: '',
      });
      assert.equal(deleted.status, 202);
    });

    test('GET /projects takes booleans as python-gitlab spells them (membership=True&owned=True)', async () => {
      const mine = await call('GET', '/api/v4/projects?membership=True&owned=True');
      assert.equal(mine.status, 200);
      assert.deepEqual(
        (await mine.json()).map((p: { name: string }) => p.name).sort(),
        ['typed', 'wire'],
      );
      for (const spelling of ['TRUE', 'yes', 't', '1']) {
        const res = await call('GET', `/api/v4/projects?owned=${spelling}`);
        assert.equal(res.status, 200, spelling);
      }
      const bad = await call('GET', '/api/v4/projects?owned=maybe');
      assert.equal(bad.status, 400);
      assert.deepEqual(await bad.json(), { error: 'owned is invalid' });
    });
  });
}
