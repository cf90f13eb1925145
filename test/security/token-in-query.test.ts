import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { createProject, createProjectToken } from '../helpers/project-tokens.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/** A token in the URL ends up in proxy and browser histories: it is logged as a warning, and an instance can refuse it. */
for (const dialect of DIALECTS) {
  describe(`a token in the URL query with LATCHKEY_ALLOW_TOKEN_IN_QUERY=false (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect, { LATCHKEY_ALLOW_TOKEN_IN_QUERY: 'false' });
    });
    after(() => t.close());

    test('?private_token= and ?access_token= get 401 and a warning naming the setting; the header still works', async () => {
      for (const name of ['private_token', 'access_token']) {
        const res = await t.api('GET', `/user?${name}=${t.rootToken}`, { token: null });
        assert.equal(res.status, 401, name);
        assert.deepEqual(res.body, { message: '401 Unauthorized' });
      }
      assert.ok(t.logs.some((line) => line.includes('"level":40') && line.includes('LATCHKEY_ALLOW_TOKEN_IN_QUERY=false')), 'no warning was logged');
      assert.ok(t.logs.every((line) => !line.includes(t.rootToken)), 'a log line holds the token');
      assert.equal((await t.api('GET', '/user')).status, 200);
    });

    test('a rotated-away token in the query string is refused without setting off reuse detection', async () => {
      const project = await createProject(t, t.rootToken, 'query-reuse');
      const first = await createProjectToken(t, project.id, { name: 'chain', scopes: ['api'], access_level: 30 });
      const rotated = await t.api('POST', `/projects/${project.id}/access_tokens/${first.id}/rotate`);
      assert.equal(rotated.status, 200);
      const res = await t.api('POST', `/projects/${project.id}/access_tokens/self/rotate?private_token=${first.token}`, { token: null });
      assert.equal(res.status, 401);
      // The successor lives on: a URL the server refuses to read a token from revokes nothing.
      assert.equal((await t.api('GET', '/personal_access_tokens/self', { token: rotated.body.token })).status, 200);
    });
  });
}
