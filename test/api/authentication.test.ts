import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

for (const dialect of DIALECTS) {
  describe(`API authentication (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
    });
    after(() => t.close());

    test('GET /user returns 401 with GitLab body and WWW-Authenticate when no token is given', async () => {
      const res = await t.api('GET', '/user', { token: null });
      assert.equal(res.status, 401);
      assert.deepEqual(res.body, { message: '401 Unauthorized' });
      assert.equal(res.headers['www-authenticate'], 'Bearer realm="Protected by OAuth 2.0"');
    });

    test('GET /user returns 401 for an unknown, a malformed, an empty-bodied and a 10 KB token', async () => {
      const real = t.rootToken;
      const forged = `${real.slice(0, -8)}${real.at(-8) === 'a' ? 'b' : 'a'}${real.slice(-7)}`;
      for (const token of [forged, 'glpat-', 'glpat-short', 'x'.repeat(10_000), 'glpat-ééééééééééééééééééééééééééééé']) {
        const res = await t.api('GET', '/user', { token });
        assert.equal(res.status, 401, token.slice(0, 40));
        assert.deepEqual(res.body, { message: '401 Unauthorized' });
      }
    });

    test('the three ways of passing a token all authenticate', async () => {
      const viaHeader = await t.api('GET', '/user');
      const viaBearer = await t.api('GET', '/user', { token: null, headers: { authorization: `Bearer ${t.rootToken}` } });
      const viaQuery = await t.api('GET', `/user?private_token=${t.rootToken}`, { token: null });
      for (const res of [viaHeader, viaBearer, viaQuery]) {
        assert.equal(res.status, 200);
        assert.equal(res.body.username, 'root');
      }
    });

    test('a token passed in the URL query is logged as a warning, and the log never holds the token', async () => {
      await t.api('GET', `/user?private_token=${t.rootToken}`, { token: null });
      const warnings = t.logs.filter((line) => line.includes('URL query'));
      assert.ok(warnings.length > 0, 'expected a warning about a token in the query');
      assert.ok(t.logs.every((line) => !line.includes(t.rootToken)), 'a log line contains the token');
    });

    test('a read_api token may GET but gets 403 insufficient_scope on POST', async () => {
      const user = await t.createUser('reader', { scopes: ['read_api'] });
      assert.equal((await t.api('GET', '/user', { token: user.token })).status, 200);
      const res = await t.api('POST', '/projects', { token: user.token, body: { name: 'nope' } });
      assert.equal(res.status, 403);
      assert.deepEqual(res.body, {
        error: 'insufficient_scope',
        error_description: 'The request requires higher privileges than provided by the access token.',
        scope: 'api',
      });
    });

    test('a read_repository token gets 403 insufficient_scope naming "api read_api" on a GET route', async () => {
      const user = await t.createUser('gitonly', { scopes: ['read_repository'] });
      const res = await t.api('GET', '/projects', { token: user.token });
      assert.equal(res.status, 403);
      assert.equal(res.body.scope, 'api read_api');
    });

    test('a token dies at 00:00:00 UTC on its expires_at date, not a millisecond later', async () => {
      t.clock.set('2026-11-29T12:00:00.000Z');
      const root = await t.api('GET', '/user');
      const created = await t.api('POST', `/users/${root.body.id}/personal_access_tokens`, {
        body: { name: 'short', scopes: ['api'], expires_at: '2026-11-30' },
      });
      assert.equal(created.status, 201);
      const token = created.body.token;
      t.clock.set('2026-11-29T23:59:59.999Z');
      assert.equal((await t.api('GET', '/user', { token })).status, 200);
      t.clock.set('2026-11-30T00:00:00.000Z');
      const expired = await t.api('GET', '/user', { token });
      assert.equal(expired.status, 401);
      assert.deepEqual(expired.body, {
        error: 'invalid_token',
        error_description: 'Token is expired. You can either do re-authorization or token refresh.',
      });
      assert.match(String(expired.headers['www-authenticate']), /error="invalid_token"/);
      t.clock.set('2026-11-29T12:00:00.000Z');
    });

    test('a revoked token gets the revoked body', async () => {
      const user = await t.createUser('revokee');
      assert.equal((await t.api('DELETE', '/personal_access_tokens/self', { token: user.token })).status, 204);
      const res = await t.api('GET', '/user', { token: user.token });
      assert.equal(res.status, 401);
      assert.deepEqual(res.body, {
        error: 'invalid_token',
        error_description: 'Token was revoked. You have to re-authorize from the user.',
      });
    });

    test('GET /personal_access_tokens/self records last_used_at and the client IP', async () => {
      const user = await t.createUser('selfie', { scopes: ['read_repository'] });
      const res = await t.api('GET', '/personal_access_tokens/self', { token: user.token });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.scopes, ['read_repository']);
      assert.equal(res.body.token, undefined);
      const again = await t.api('GET', '/personal_access_tokens/self', { token: user.token });
      assert.ok(again.body.last_used_at, 'last_used_at is set');
      assert.deepEqual(again.body.last_used_ips, ['127.0.0.1']);
    });

    test('an unknown route answers 404 {"error":"404 Not Found"}', async () => {
      const res = await t.api('GET', '/no/such/route');
      assert.equal(res.status, 404);
      assert.deepEqual(res.body, { error: '404 Not Found' });
    });

    test('malformed JSON gets a 400 with a GitLab-shaped body, never a 500', async () => {
      const res = await t.api('POST', '/projects', { body: '{"name":', headers: { 'content-type': 'application/json' } });
      assert.equal(res.status, 400);
      assert.equal(typeof res.body.message, 'string');
    });
  });
}
