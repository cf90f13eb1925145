import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { ids, sortedKeys, TOKEN_ENTITY_KEYS } from '../helpers/project-tokens.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

type User = { id: number; token: string };

const NOT_FOUND = { message: '404 Not Found' };
const UNAUTHORIZED = { message: '401 Unauthorized' };
// A human's token has no access_level: GitLab's entity carries it for project tokens only.
// GET /personal_access_tokens/:id is GitLab's PersonalAccessTokenWithLastUsedIps.
const PERSONAL_TOKEN_KEYS = TOKEN_ENTITY_KEYS.filter((key) => key !== 'access_level');
const PERSONAL_TOKEN_WITH_IPS_KEYS = [...PERSONAL_TOKEN_KEYS, 'last_used_ips'].sort();

const byId = (a: number, b: number) => a - b;

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
      aliceTokens = [await tokenIdOf(alice.token), second.body.id].sort(byId);
    });
    after(() => t.close());

    /** The id of the token a request is made with. */
    const tokenIdOf = async (token: string): Promise<number> => (await t.api('GET', '/personal_access_tokens/self', { token })).body.id;

    /** A token root makes for `userId` with the clock at `at` (then put back), optionally used at `usedAt`. */
    async function tokenAt(userId: number, at: string, params: { name?: string; expires_at?: string; usedAt?: string } = {}): Promise<number> {
      const saved = t.clock.now().toISOString();
      t.clock.set(at);
      const res = await t.api('POST', `/users/${userId}/personal_access_tokens`, {
        body: { name: params.name ?? 'token', scopes: ['api'], ...(params.expires_at && { expires_at: params.expires_at }) },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      if (params.usedAt) {
        t.clock.set(params.usedAt);
        assert.equal((await t.api('GET', '/personal_access_tokens/self', { token: res.body.token })).status, 200);
      }
      t.clock.set(saved);
      return res.body.id;
    }

    /** GET /personal_access_tokens?<query> as root for one user: the status and either the sorted ids or the body. */
    async function listFor(userId: number, query: Record<string, string>): Promise<{ status: number; ids?: number[]; body?: unknown }> {
      const search = new URLSearchParams({ user_id: String(userId), per_page: '100', ...query });
      const res = await t.api('GET', `/personal_access_tokens?${search}`);
      return res.status === 200 ? { status: 200, ids: ids(res).sort(byId) } : { status: res.status, body: res.body };
    }

    /** Each `[filter, value, expected ids]` case for one user's tokens, then each filter's bad value: GitLab's 400. */
    async function checkFilters(userId: number, cases: [string, string, number[]][]): Promise<void> {
      for (const [name, value, expected] of cases) {
        assert.deepEqual(await listFor(userId, { [name]: value }), { status: 200, ids: expected.sort(byId) }, `${name}=${value}`);
      }
      for (const name of new Set(cases.map(([filter]) => filter))) {
        assert.deepEqual(await listFor(userId, { [name]: 'asdf' }), { status: 400, body: { error: `${name} is invalid` } });
      }
    }

    test('GET /personal_access_tokens shows a non-admin only their own tokens, with user_id their own too', async () => {
      const res = await t.api('GET', '/personal_access_tokens', { token: alice.token });
      assert.equal(res.status, 200);
      assert.deepEqual(ids(res).sort(byId), aliceTokens);
      assert.ok(res.body.every((token: { user_id: number; token?: string }) => token.user_id === alice.id && token.token === undefined));
      const own = await t.api('GET', `/personal_access_tokens?user_id=${alice.id}`, { token: alice.token });
      assert.deepEqual(ids(own).sort(byId), aliceTokens);
      const blank = await t.api('GET', '/personal_access_tokens?user_id=', { token: alice.token });
      assert.deepEqual(ids(blank).sort(byId), aliceTokens, 'a blank user_id is no filter for a non-admin');
    });

    test("GET /personal_access_tokens?user_id=<another user or nobody> is 401 to a non-admin", async () => {
      for (const userId of [bob.id, 999999]) {
        const res = await t.api('GET', `/personal_access_tokens?user_id=${userId}`, { token: alice.token });
        assert.equal(res.status, 401, String(userId));
        assert.deepEqual(res.body, UNAUTHORIZED);
      }
    });

    test('GET /personal_access_tokens without a token is 401', async () => {
      const res = await t.api('GET', '/personal_access_tokens', { token: null });
      assert.equal(res.status, 401);
      assert.deepEqual(res.body, UNAUTHORIZED);
    });

    test("GET /personal_access_tokens?user_id= shows an admin that user's tokens, and everyone's without it", async () => {
      const res = await t.api('GET', `/personal_access_tokens?user_id=${alice.id}`);
      assert.equal(res.status, 200);
      assert.deepEqual(ids(res).sort(byId), aliceTokens);
      const all = ids(await t.api('GET', '/personal_access_tokens?per_page=100'));
      for (const id of [...aliceTokens, await tokenIdOf(bob.token), await tokenIdOf(t.rootToken)]) assert.ok(all.includes(id), `token ${id} listed`);
    });

    test('GET /personal_access_tokens?user_id= of a missing user, or blank, is 404 to an admin', async () => {
      for (const query of ['user_id=999999', 'user_id=']) {
        const res = await t.api('GET', `/personal_access_tokens?${query}`);
        assert.equal(res.status, 404, query);
        assert.deepEqual(res.body, NOT_FOUND, query);
      }
      const bad = await t.api('GET', '/personal_access_tokens?user_id=abc');
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.body, { error: 'user_id is invalid' });
    });

    test('GET /personal_access_tokens?revoked= and ?state= filter as GitLab does; bad values are 400', async () => {
      const carol = await t.createUser('carol-states');
      const current = await tokenIdOf(carol.token);
      const revoked = await tokenAt(carol.id, '2026-11-01T00:00:00.000Z');
      assert.equal((await t.api('DELETE', `/personal_access_tokens/${revoked}`)).status, 204);
      const expired = await tokenAt(carol.id, '2021-12-01T00:00:00.000Z', { expires_at: '2022-01-01' });
      const active = await tokenAt(carol.id, '2026-11-01T00:00:00.000Z');
      assert.deepEqual(await listFor(carol.id, { revoked: 'true' }), { status: 200, ids: [revoked] });
      assert.deepEqual(await listFor(carol.id, { revoked: 'false' }), { status: 200, ids: [current, expired, active].sort(byId) });
      assert.deepEqual(await listFor(carol.id, { revoked: 'asdf' }), { status: 400, body: { error: 'revoked is invalid' } });
      assert.deepEqual(await listFor(carol.id, { state: 'inactive' }), { status: 200, ids: [revoked, expired].sort(byId) });
      assert.deepEqual(await listFor(carol.id, { state: 'active' }), { status: 200, ids: [current, active].sort(byId) });
      assert.deepEqual(await listFor(carol.id, { state: 'asdf' }), { status: 400, body: { error: 'state does not have a valid value' } });
      // A non-admin's filters never reach someone else's tokens.
      const own = await t.api('GET', '/personal_access_tokens?revoked=false', { token: carol.token });
      assert.deepEqual(ids(own).sort(byId), [current, expired, active].sort(byId));
    });

    test('GET /personal_access_tokens?created_before/after= are inclusive bounds; a bad value is 400', async () => {
      const dave = await t.createUser('dave-created');
      const current = await tokenIdOf(dave.token);
      const token1 = await tokenAt(dave.id, '2022-01-01T12:30:25.000Z');
      const cases: [string, string, number[]][] = [
        ['created_before', '2022-01-02', [token1]],
        ['created_before', '2022-01-01', []],
        ['created_before', '2022-01-01T12:30:24', []],
        ['created_before', '2022-01-01T12:30:25', [token1]],
        ['created_after', '2022-01-03', [current]],
        ['created_after', '2022-01-01', [token1, current]],
        ['created_after', '2022-01-01T12:30:25', [token1, current]],
        ['created_after', '2022-01-01T12:30:26', [current]],
        ['created_after', '2026-11-30', []],
      ];
      await checkFilters(dave.id, cases);
      assert.deepEqual(await listFor(dave.id, { created_before: '2022-01-01', created_after: '2022-01-03' }), { status: 200, ids: [] });
      assert.deepEqual(await listFor(dave.id, { created_before: '2022-01-03', created_after: '2022-01-01' }), { status: 200, ids: [token1] });
    });

    test('GET /personal_access_tokens?last_used_before/after= are inclusive and skip never-used tokens; a bad value is 400', async () => {
      const erin = await t.createUser('erin-used');
      const token1 = await tokenAt(erin.id, '2021-12-01T00:00:00.000Z', { usedAt: '2022-01-01T12:30:25.000Z' });
      await tokenAt(erin.id, '2021-12-01T00:00:00.000Z'); // never used
      const current = await tokenIdOf(erin.token); // used now (2026)
      const cases: [string, string, number[]][] = [
        ['last_used_before', '2022-01-02', [token1]],
        ['last_used_before', '2022-01-01', []],
        ['last_used_before', '2022-01-01T12:30:24', []],
        ['last_used_before', '2022-01-01T12:30:25', [token1]],
        ['last_used_before', '2022-01-01T12:30:26', [token1]],
        ['last_used_after', '2022-01-03', [current]],
        ['last_used_after', '2022-01-01', [token1, current]],
        ['last_used_after', '2022-01-01T12:30:26', [current]],
        ['last_used_after', '2022-01-01T12:30:25', [token1, current]],
        ['last_used_after', '2026-11-30', []],
      ];
      await checkFilters(erin.id, cases);
    });

    test('GET /personal_access_tokens?expires_before= is exclusive, expires_after= inclusive, both by date; a bad value is 400', async () => {
      const frank = await t.createUser('frank-expiry');
      const token1 = await tokenAt(frank.id, '2021-12-01T00:00:00.000Z', { expires_at: '2022-01-01' });
      const current = await tokenAt(frank.id, '2026-11-29T00:00:00.000Z', { expires_at: '2026-12-29' });
      const cases: [string, string, number[]][] = [
        ['expires_before', '2022-01-02', [token1]],
        ['expires_before', '2022-01-01', []],
        ['expires_before', '2022-01-01T12:30:24', []],
        ['expires_after', '2022-01-03', [current]],
        ['expires_after', '2022-01-01', [token1, current]],
        ['expires_after', '2022-01-01T12:30:26', [token1, current]],
        ['expires_after', '2026-11-30', [current]],
      ];
      await checkFilters(frank.id, cases);
    });

    test('GET /personal_access_tokens?search= matches the name; blank matches all', async () => {
      const grace = await t.createUser('grace-search');
      const current = await tokenIdOf(grace.token);
      const token1 = await tokenAt(grace.id, '2026-11-01T00:00:00.000Z', { name: 'test_1' });
      const token2 = await tokenAt(grace.id, '2026-11-01T00:00:00.000Z', { name: 'test_2' });
      assert.deepEqual(await listFor(grace.id, { search: 'test' }), { status: 200, ids: [token1, token2] });
      assert.deepEqual(await listFor(grace.id, { search: '' }), { status: 200, ids: [current, token1, token2].sort(byId) });
      assert.deepEqual(await listFor(grace.id, { search: 'test_1' }), { status: 200, ids: [token1] });
      assert.deepEqual(await listFor(grace.id, { search: 'asdf' }), { status: 200, ids: [] });
    });

    test('GET /personal_access_tokens/:id returns your own token with the GitLab fields, last_used_ips and no secret', async () => {
      const id = await tokenIdOf(alice.token);
      const res = await t.api('GET', `/personal_access_tokens/${id}`, { token: alice.token });
      assert.equal(res.status, 200);
      assert.deepEqual(sortedKeys(res.body), PERSONAL_TOKEN_WITH_IPS_KEYS);
      assert.equal(res.body.id, id);
      assert.equal(res.body.name, 'alice-token');
      assert.equal(res.body.user_id, alice.id);
      assert.deepEqual(res.body.scopes, ['api']);
      assert.equal(res.body.revoked, false);
      assert.equal(res.body.active, true);
      assert.equal(res.body.expires_at, null);
      assert.deepEqual(res.body.last_used_ips, ['127.0.0.1']);
      assert.match(res.body.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const listed = (await t.api('GET', '/personal_access_tokens', { token: alice.token })).body[0];
      assert.deepEqual(sortedKeys(listed), PERSONAL_TOKEN_KEYS, 'the list has no last_used_ips');
    });

    test("GET /personal_access_tokens/:id of another user's token or a missing one is 401 to a non-admin", async () => {
      for (const id of [String(await tokenIdOf(bob.token)), '999999', 'abc']) {
        const res = await t.api('GET', `/personal_access_tokens/${id}`, { token: alice.token });
        assert.equal(res.status, 401, id);
        assert.deepEqual(res.body, UNAUTHORIZED, id);
      }
    });

    test("GET /personal_access_tokens/:id shows an admin anyone's token and says 404 for a missing one", async () => {
      const bobs = await tokenIdOf(bob.token);
      const asAdmin = await t.api('GET', `/personal_access_tokens/${bobs}`);
      assert.equal(asAdmin.status, 200);
      assert.equal(asAdmin.body.user_id, bob.id);
      const own = await t.api('GET', `/personal_access_tokens/${await tokenIdOf(t.rootToken)}`);
      assert.equal(own.status, 200);
      const missing = await t.api('GET', '/personal_access_tokens/999999');
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.body, NOT_FOUND);
    });

    test('GET /personal_access_tokens/:id with a read_repository token is 403 insufficient_scope', async () => {
      const reader = await t.createUser('reader', { scopes: ['read_repository'] });
      const id = (await t.api('GET', `/personal_access_tokens?user_id=${reader.id}`)).body[0].id;
      const res = await t.api('GET', `/personal_access_tokens/${id}`, { token: reader.token });
      assert.equal(res.status, 403);
      assert.equal(res.body.error, 'insufficient_scope');
    });

    test('DELETE /personal_access_tokens/:id revokes your own token: 204, then that token gets 401 revoked; again is 204', async () => {
      const carol = await t.createUser('carol');
      const id = await tokenIdOf(carol.token);
      const res = await t.api('DELETE', `/personal_access_tokens/${id}`, { token: carol.token });
      assert.equal(res.status, 204);
      const self = await t.api('GET', '/personal_access_tokens/self', { token: carol.token });
      assert.equal(self.status, 401);
      assert.deepEqual(self.body, { error: 'invalid_token', error_description: 'Token was revoked. You have to re-authorize from the user.' });
      const shown = await t.api('GET', `/personal_access_tokens/${id}`);
      assert.deepEqual([shown.body.revoked, shown.body.active], [true, false]);
      assert.equal((await t.api('DELETE', `/personal_access_tokens/${id}`)).status, 204, 'revoking a revoked token succeeds, as in GitLab');
    });

    test("DELETE /personal_access_tokens/:id of another user's token is 400 to a non-admin and the token keeps working", async () => {
      const res = await t.api('DELETE', `/personal_access_tokens/${await tokenIdOf(bob.token)}`, { token: alice.token });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, { message: '400 Bad request' });
      assert.equal((await t.api('GET', '/personal_access_tokens/self', { token: bob.token })).status, 200);
    });

    test('DELETE /personal_access_tokens/:id of a missing token is 404', async () => {
      for (const token of [alice.token, t.rootToken]) {
        const res = await t.api('DELETE', '/personal_access_tokens/999999', { token });
        assert.equal(res.status, 404);
        assert.deepEqual(res.body, { message: '404 Not found' });
      }
    });

    test("DELETE /personal_access_tokens/:id lets an admin revoke another user's token and their own", async () => {
      const henry = await t.createUser('henry');
      const res = await t.api('DELETE', `/personal_access_tokens/${await tokenIdOf(henry.token)}`);
      assert.equal(res.status, 204);
      assert.equal((await t.api('GET', '/personal_access_tokens/self', { token: henry.token })).status, 401);
      const admin = await t.createUser('admin2', { admin: true });
      assert.equal((await t.api('DELETE', `/personal_access_tokens/${await tokenIdOf(admin.token)}`, { token: admin.token })).status, 204);
    });

    test("DELETE /personal_access_tokens/:id with an admin's read_repository token is 403 and revokes nothing", async () => {
      const admin = await t.createUser('readonly-admin', { admin: true, scopes: ['read_repository'] });
      const bobs = await tokenIdOf(bob.token);
      const res = await t.api('DELETE', `/personal_access_tokens/${bobs}`, { token: admin.token });
      assert.equal(res.status, 403);
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
