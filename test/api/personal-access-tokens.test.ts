import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { ids, sortedKeys, TOKEN_ENTITY_KEYS } from '../helpers/project-tokens.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

type User = { id: number; token: string };

const TOKEN_NOT_FOUND = { message: '404 Could not find personal access token Not Found' };
// A human's token has no access_level: GitLab's entity carries it for project tokens only.
const PERSONAL_TOKEN_KEYS = TOKEN_ENTITY_KEYS.filter((key) => key !== 'access_level');

for (const dialect of DIALECTS) {
  describe(`personal access tokens API (${dialect})`, () => {
    let t: TestApp;
    let alice: User;
    let bob: User;
    /** Ids of every token alice holds (her createUser token and a second one root made for her). */
    let aliceTokens: number[];

    before(async () => {
      t = await startTestApp(dialect);
      alice = await t.createUser('alice');
      bob = await t.createUser('bob');
      const second = await t.api('POST', `/users/${alice.id}/personal_access_tokens`, { body: { name: 'second', scopes: ['read_api'] } });
      assert.equal(second.status, 201);
      aliceTokens = [await tokenIdOf(alice.token), second.body.id].sort((a, b) => a - b);
    });
    after(() => t.close());

    /** The id of the token a request is made with. */
    const tokenIdOf = async (token: string): Promise<number> => (await t.api('GET', '/personal_access_tokens/self', { token })).body.id;

    test('GET /personal_access_tokens shows a non-admin only their own tokens; another user_id is 403', async () => {
      const res = await t.api('GET', '/personal_access_tokens', { token: alice.token });
      assert.equal(res.status, 200);
      assert.deepEqual(ids(res).sort((a, b) => a - b), aliceTokens);
      assert.ok(res.body.every((token: { user_id: number; token?: string }) => token.user_id === alice.id && token.token === undefined));
      const other = await t.api('GET', `/personal_access_tokens?user_id=${bob.id}`, { token: alice.token });
      assert.equal(other.status, 403);
      assert.deepEqual(other.body, { message: '403 Forbidden' });
    });

    test("GET /personal_access_tokens?user_id= shows an admin that user's tokens, and everyone's without it", async () => {
      const res = await t.api('GET', `/personal_access_tokens?user_id=${alice.id}`);
      assert.equal(res.status, 200);
      assert.deepEqual(ids(res).sort((a, b) => a - b), aliceTokens);
      const all = ids(await t.api('GET', '/personal_access_tokens?per_page=100'));
      for (const id of [...aliceTokens, await tokenIdOf(bob.token), await tokenIdOf(t.rootToken)]) assert.ok(all.includes(id), `token ${id} listed`);
    });

    test('GET /personal_access_tokens/:id returns your own token with the GitLab fields and no secret', async () => {
      const id = await tokenIdOf(alice.token);
      const res = await t.api('GET', `/personal_access_tokens/${id}`, { token: alice.token });
      assert.equal(res.status, 200);
      assert.deepEqual(sortedKeys(res.body), PERSONAL_TOKEN_KEYS);
      assert.equal(res.body.id, id);
      assert.equal(res.body.name, 'alice-token');
      assert.equal(res.body.user_id, alice.id);
      assert.deepEqual(res.body.scopes, ['api']);
      assert.equal(res.body.revoked, false);
      assert.equal(res.body.active, true);
      assert.equal(res.body.expires_at, null);
      assert.match(res.body.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });

    test("GET /personal_access_tokens/:id of another user's token is 404 to a non-admin, like a missing one; an admin sees it", async () => {
      const bobs = await tokenIdOf(bob.token);
      const foreign = await t.api('GET', `/personal_access_tokens/${bobs}`, { token: alice.token });
      assert.equal(foreign.status, 404);
      assert.deepEqual(foreign.body, TOKEN_NOT_FOUND);
      const missing = await t.api('GET', '/personal_access_tokens/999999', { token: alice.token });
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.body, TOKEN_NOT_FOUND);
      const asAdmin = await t.api('GET', `/personal_access_tokens/${bobs}`);
      assert.equal(asAdmin.status, 200);
      assert.equal(asAdmin.body.user_id, bob.id);
    });

    test('DELETE /personal_access_tokens/:id revokes your own token: 204, then that token gets 401 revoked', async () => {
      const carol = await t.createUser('carol');
      const id = await tokenIdOf(carol.token);
      const res = await t.api('DELETE', `/personal_access_tokens/${id}`, { token: carol.token });
      assert.equal(res.status, 204);
      const self = await t.api('GET', '/personal_access_tokens/self', { token: carol.token });
      assert.equal(self.status, 401);
      assert.deepEqual(self.body, { error: 'invalid_token', error_description: 'Token was revoked. You have to re-authorize from the user.' });
      const shown = await t.api('GET', `/personal_access_tokens/${id}`);
      assert.deepEqual([shown.body.revoked, shown.body.active], [true, false]);
    });

    test("DELETE /personal_access_tokens/:id of another user's token is 404 to a non-admin and the token keeps working", async () => {
      const res = await t.api('DELETE', `/personal_access_tokens/${await tokenIdOf(bob.token)}`, { token: alice.token });
      assert.equal(res.status, 404);
      assert.deepEqual(res.body, TOKEN_NOT_FOUND);
      assert.equal((await t.api('GET', '/personal_access_tokens/self', { token: bob.token })).status, 200);
    });

    test('GET /api/v4/version answers 200 with version and revision, and 401 without a token', async () => {
      const res = await t.api('GET', '/api/v4/version', { token: alice.token });
      assert.equal(res.status, 200);
      assert.equal(typeof res.body.version, 'string');
      assert.match(res.body.version, /^\d+\.\d+\.\d+/);
      assert.equal(typeof res.body.revision, 'string');
      assert.ok(res.body.revision.length > 0);
      const anonymous = await t.api('GET', '/api/v4/version', { token: null });
      assert.equal(anonymous.status, 401, 'GitLab answers /version to signed-in callers only');
      assert.deepEqual(anonymous.body, { message: '401 Unauthorized' });
    });

    test('GET /-/liveness answers {"status":"ok"} and GET /-/health "GitLab OK", without a token', async () => {
      const liveness = await t.api('GET', '/-/liveness', { token: null });
      assert.equal(liveness.status, 200);
      assert.deepEqual(liveness.body, { status: 'ok' });
      const health = await t.api('GET', '/-/health', { token: null });
      assert.equal(health.status, 200);
      assert.equal(health.body, 'GitLab OK');
    });
  });
}
