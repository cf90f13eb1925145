import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const newUser = (username: string, extra: Record<string, unknown> = {}) => ({
  username,
  email: `${username}@example.com`,
  name: `User ${username}`,
  password: 'password-123',
  ...extra,
});

for (const dialect of DIALECTS) {
  describe(`users API (${dialect})`, () => {
    let t: TestApp;
    let alice: { id: number; token: string };
    before(async () => {
      t = await startTestApp(dialect);
      alice = await t.createUser('alice');
      for (const name of ['bob', 'carol', 'dave']) await t.createUser(name);
    });
    after(() => t.close());

    test('GET /user returns the caller with private fields', async () => {
      const res = await t.api('GET', '/user', { token: alice.token });
      assert.equal(res.status, 200);
      assert.equal(res.body.id, alice.id);
      assert.equal(res.body.username, 'alice');
      assert.equal(res.body.email, 'alice@example.com');
      assert.equal(res.body.is_admin, false);
      assert.equal(res.body.bot, false);
      assert.equal(res.body.web_url, 'http://127.0.0.1:8080/alice');
    });

    test('GET /user works with a read_user token', async () => {
      const reader = await t.createUser('readuser', { scopes: ['read_user'] });
      const res = await t.api('GET', '/user', { token: reader.token });
      assert.equal(res.status, 200);
      assert.equal(res.body.username, 'readuser');
    });

    test('GET /users lists users with GitLab pagination headers', async () => {
      const res = await t.api('GET', '/users?per_page=2&page=2');
      assert.equal(res.status, 200);
      assert.deepEqual(
        res.body.map((u: { username: string }) => u.username),
        ['bob', 'carol'],
      );
      const total = Number(res.headers['x-total']);
      assert.ok(total >= 5, `x-total ${total}`);
      assert.equal(res.headers['x-page'], '2');
      assert.equal(res.headers['x-per-page'], '2');
      assert.equal(res.headers['x-next-page'], '3');
      assert.equal(res.headers['x-prev-page'], '1');
      const link = String(res.headers.link);
      assert.match(link, /<http:\/\/127\.0\.0\.1:8080\/api\/v4\/users\?per_page=2&page=3>; rel="next"/);
      assert.match(link, /<http:\/\/127\.0\.0\.1:8080\/api\/v4\/users\?per_page=2&page=1>; rel="prev"/);
      assert.match(link, /rel="first"/);
      assert.match(link, /rel="last"/);
    });

    test('GET /users on the last page has an empty X-Next-Page and no next link', async () => {
      const res = await t.api('GET', '/users?per_page=100');
      assert.equal(res.status, 200);
      assert.equal(res.headers['x-next-page'], '');
      assert.doesNotMatch(String(res.headers.link), /rel="next"/);
      assert.equal(res.body.length, Number(res.headers['x-total']));
    });

    test('GET /users never echoes a query-string token into the Link header', async () => {
      const res = await t.api('GET', `/users?per_page=1&private_token=${t.rootToken}`, { token: null });
      assert.equal(res.status, 200);
      assert.ok(!String(res.headers.link).includes(t.rootToken), String(res.headers.link));
      assert.match(String(res.headers.link), /per_page=1/);
    });

    test('GET /users?search matches username, name or email, case-insensitively', async () => {
      const res = await t.api('GET', '/users?search=CAR');
      assert.equal(res.status, 200);
      assert.deepEqual(
        res.body.map((u: { username: string }) => u.username),
        ['carol'],
      );
      const none = await t.api('GET', '/users?search=%25');
      assert.equal(none.status, 200);
      assert.deepEqual(none.body, [], 'a % in the search text is literal');
    });

    test('GET /users?username finds exactly one user', async () => {
      const res = await t.api('GET', '/users?username=Bob');
      assert.equal(res.status, 200);
      assert.equal(res.body.length, 1);
      assert.equal(res.body[0].username, 'bob');
      assert.equal(res.headers['x-total'], '1');
      assert.deepEqual((await t.api('GET', '/users?username=nobody')).body, []);
    });

    test('GET /users hides email from a non-admin and shows it to an admin', async () => {
      const asAlice = await t.api('GET', '/users?username=bob', { token: alice.token });
      assert.equal(asAlice.status, 200);
      assert.equal(asAlice.body[0].email, undefined);
      const asRoot = await t.api('GET', '/users?username=bob');
      assert.equal(asRoot.body[0].email, 'bob@example.com');
    });

    test('GET /users returns 401 to an anonymous caller', async () => {
      const res = await t.api('GET', '/users', { token: null });
      assert.equal(res.status, 401);
      assert.deepEqual(res.body, { message: '401 Unauthorized' });
    });

    test('GET /users/:id returns the user', async () => {
      const res = await t.api('GET', `/users/${alice.id}`);
      assert.equal(res.status, 200);
      assert.equal(res.body.username, 'alice');
      assert.equal(res.body.name, 'alice');
    });

    test('GET /users/:id returns 404 for an unknown, a non-numeric and an out-of-range id', async () => {
      for (const id of ['999999', 'abc', '0', '-1', '1.5', '2147483648', '99999999999999999999']) {
        const res = await t.api('GET', `/users/${id}`);
        assert.equal(res.status, 404, id);
        assert.deepEqual(res.body, { message: '404 User Not Found' }, id);
      }
    });

    test('POST /users creates a user as admin and returns 201 with the entity', async () => {
      const res = await t.api('POST', '/users', { body: newUser('erin') });
      assert.equal(res.status, 201);
      assert.equal(res.body.username, 'erin');
      assert.equal(res.body.name, 'User erin');
      assert.equal(res.body.email, 'erin@example.com');
      assert.equal(res.body.is_admin, false);
      assert.equal(res.body.password, undefined);
      const shown = await t.api('GET', `/users/${res.body.id}`);
      assert.equal(shown.status, 200);
    });

    test('POST /users accepts force_random_password instead of a password', async () => {
      const { password: _, ...rest } = newUser('frank');
      const res = await t.api('POST', '/users', { body: { ...rest, force_random_password: true } });
      assert.equal(res.status, 201);
    });

    test('POST /users returns 403 for a non-admin', async () => {
      const res = await t.api('POST', '/users', { token: alice.token, body: newUser('mallory') });
      assert.equal(res.status, 403);
      assert.deepEqual(res.body, { message: '403 Forbidden' });
      assert.deepEqual((await t.api('GET', '/users?username=mallory')).body, []);
    });

    test('POST /users returns 400 naming the first missing field', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{}, 'email is missing'],
        [{ email: 'x@example.com' }, 'username is missing'],
        [{ email: 'x@example.com', username: 'x' }, 'name is missing'],
        [{ email: 'x@example.com', username: 'x', name: 'X' }, 'password is missing'],
        [{ email: '', username: 'x', name: 'X', password: 'password-123' }, 'email is missing'],
      ];
      for (const [body, error] of cases) {
        const res = await t.api('POST', '/users', { body });
        assert.equal(res.status, 400, error);
        assert.deepEqual(res.body, { error }, error);
      }
    });

    test('POST /users returns 400 with field errors for invalid values', async () => {
      const res = await t.api('POST', '/users', {
        body: { username: '-bad', email: 'not-an-email', name: 'Bad\u0007Name', password: 'short' },
      });
      assert.equal(res.status, 400);
      assert.deepEqual(Object.keys(res.body.message).sort(), ['email', 'name', 'password', 'username']);
      assert.deepEqual(res.body.message.email, ['Email is invalid']);
      assert.deepEqual(res.body.message.password, ['Password is too short (minimum is 8 characters)']);
      for (const messages of Object.values(res.body.message)) assert.ok(Array.isArray(messages));
    });

    test('POST /users returns 400 for a reserved username', async () => {
      const res = await t.api('POST', '/users', { body: newUser('ghost') });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, { message: { username: ['Username is reserved'] } });
    });

    test('POST /users returns 409 for a duplicate username or email, whatever their case', async () => {
      const username = await t.api('POST', '/users', { body: newUser('ALICE', { email: 'other@example.com' }) });
      assert.equal(username.status, 409);
      assert.deepEqual(username.body, { message: 'Username has already been taken' });
      const email = await t.api('POST', '/users', { body: newUser('alice2', { email: 'Alice@Example.com' }) });
      assert.equal(email.status, 409);
      assert.deepEqual(email.body, { message: 'Email has already been taken' });
    });

    test('POST /users sent several times at once for one username creates it once and answers 409 to the rest', async () => {
      const results = await Promise.all([1, 2, 3, 4, 5, 6].map(() => t.api('POST', '/users', { body: newUser('twin') })));
      assert.deepEqual(
        results.map((r) => r.status).sort(),
        [201, 409, 409, 409, 409, 409],
      );
      assert.equal((await t.api('GET', '/users?username=twin')).body.length, 1);
    });

    test('POST /users accepts an application/x-www-form-urlencoded body', async () => {
      const res = await t.api('POST', '/users', {
        body: 'username=grace&email=grace%40example.com&name=Grace+Hopper&password=password-123&admin=true',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(res.status, 201);
      assert.equal(res.body.name, 'Grace Hopper');
      assert.equal(res.body.is_admin, true);
    });

    test('DELETE /users/:id returns 403 for a non-admin and 404 for an unknown user', async () => {
      const bob = (await t.api('GET', '/users?username=bob')).body[0];
      const forbidden = await t.api('DELETE', `/users/${bob.id}`, { token: alice.token });
      assert.equal(forbidden.status, 403);
      assert.deepEqual(forbidden.body, { message: '403 Forbidden' });
      const missing = await t.api('DELETE', '/users/999999');
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.body, { message: '404 User Not Found' });
    });

    test('DELETE /users/:id returns 400 when an admin deletes themself', async () => {
      const root = await t.api('GET', '/user');
      const res = await t.api('DELETE', `/users/${root.body.id}`);
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, { message: '400 Bad request - You cannot delete yourself' });
    });
  });
}
