import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

// GitLab's user entities (docs/api/users.md), from the smallest to the admin's.
const USER_BASIC_KEYS = ['avatar_url', 'id', 'locked', 'name', 'state', 'username', 'web_url'];
const USER_KEYS = [
  ...USER_BASIC_KEYS,
  ...['bio', 'bot', 'created_at', 'discord', 'followers', 'following', 'github', 'is_followed', 'job_title', 'linkedin'],
  ...['local_time', 'location', 'organization', 'pronouns', 'public_email', 'twitter', 'website_url', 'work_information'],
];
const USER_PUBLIC_KEYS = [
  ...USER_KEYS,
  ...['can_create_group', 'can_create_project', 'color_scheme_id', 'commit_email', 'confirmed_at', 'current_sign_in_at', 'email'],
  ...['external', 'identities', 'last_activity_on', 'last_sign_in_at', 'private_profile', 'projects_limit', 'theme_id', 'two_factor_enabled'],
];
const USER_WITH_ADMIN_KEYS = [
  ...USER_PUBLIC_KEYS,
  ...['created_by', 'current_sign_in_ip', 'email_reset_offered_at', 'is_admin', 'last_sign_in_ip', 'namespace_id', 'note'],
];
const keysOf = (value: object) => Object.keys(value).sort();
const sorted = (keys: string[]) => [...keys].sort();

const usernames = (res: { body: { username: string }[] }) => res.body.map((user) => user.username);

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

    test('GET /user returns the caller as GitLab\'s UserPublic: their email, no admin fields', async () => {
      const res = await t.api('GET', '/user', { token: alice.token });
      assert.equal(res.status, 200);
      assert.deepEqual(keysOf(res.body), sorted(USER_PUBLIC_KEYS));
      assert.equal(res.body.id, alice.id);
      assert.equal(res.body.username, 'alice');
      assert.equal(res.body.email, 'alice@example.com');
      assert.equal(res.body.commit_email, 'alice@example.com');
      assert.equal(res.body.bot, false);
      assert.equal(res.body.can_create_project, true);
      assert.equal(res.body.state, 'active');
      assert.equal(res.body.locked, false);
      assert.equal(res.body.two_factor_enabled, false);
      assert.equal(res.body.external, false);
      assert.equal(res.body.confirmed_at, res.body.created_at);
      assert.equal(res.body.web_url, 'http://127.0.0.1:8080/alice');
    });

    test("GET /user for an admin adds the admin fields, namespace_id their personal namespace's id", async () => {
      const res = await t.api('GET', '/user');
      assert.deepEqual(keysOf(res.body), sorted(USER_WITH_ADMIN_KEYS));
      assert.equal(res.body.is_admin, true);
      const project = await t.api('POST', '/projects', { body: { name: 'mine' } });
      assert.equal(res.body.namespace_id, project.body.namespace.id);
    });

    test('GET /users/:id is GitLab\'s User to a non-admin (no email, even their own) and UserWithAdmin to an admin', async () => {
      for (const id of [alice.id, (await t.api('GET', '/users?username=bob')).body[0].id]) {
        const asAlice = await t.api('GET', `/users/${id}`, { token: alice.token });
        assert.deepEqual(keysOf(asAlice.body), sorted(USER_KEYS));
        const asRoot = await t.api('GET', `/users/${id}`);
        assert.deepEqual(keysOf(asRoot.body), sorted(USER_WITH_ADMIN_KEYS));
        assert.equal(asRoot.body.is_admin, false);
        assert.equal(typeof asRoot.body.namespace_id, 'number');
      }
    });

    test('GET /users lists UserBasic to a non-admin and UserWithAdmin to an admin', async () => {
      const asAlice = await t.api('GET', '/users', { token: alice.token });
      for (const user of asAlice.body) assert.deepEqual(keysOf(user), sorted(USER_BASIC_KEYS));
      const asRoot = await t.api('GET', '/users');
      for (const user of asRoot.body) assert.deepEqual(keysOf(user), sorted(USER_WITH_ADMIN_KEYS));
    });

    test('GET /user works with a read_user token', async () => {
      const reader = await t.createUser('readuser', { scopes: ['read_user'] });
      const res = await t.api('GET', '/user', { token: reader.token });
      assert.equal(res.status, 200);
      assert.equal(res.body.username, 'readuser');
    });

    test('GET /users lists users with GitLab pagination headers', async () => {
      const res = await t.api('GET', '/users?order_by=id&sort=asc&per_page=2&page=2');
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
      assert.match(link, /<http:\/\/127\.0\.0\.1:8080\/api\/v4\/users\?order_by=id&sort=asc&per_page=2&page=3>; rel="next"/);
      assert.match(link, /<http:\/\/127\.0\.0\.1:8080\/api\/v4\/users\?order_by=id&sort=asc&per_page=2&page=1>; rel="prev"/);
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

    test("GET /users?search matches a username or name in part, and for an admin a whole email, case-insensitively", async () => {
      const res = await t.api('GET', '/users?search=CAR');
      assert.equal(res.status, 200);
      assert.deepEqual(
        res.body.map((u: { username: string }) => u.username),
        ['carol'],
      );
      assert.deepEqual(usernames(await t.api('GET', '/users?search=Dave%40Example.COM')), ['dave']);
      assert.deepEqual(usernames(await t.api('GET', '/users?search=dave%40example.co')), [], 'a part of an email is no match');
      const none = await t.api('GET', '/users?search=%25');
      assert.equal(none.status, 200);
      assert.deepEqual(none.body, [], 'a % in the search text is literal');
      const blank = await t.api('GET', '/users?search=&per_page=100');
      assert.equal(blank.body.length, Number(blank.headers['x-total']), 'a blank search is no filter');
      assert.ok(blank.body.length >= 5);
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
      assert.deepEqual(keysOf(res.body), sorted(USER_WITH_ADMIN_KEYS));
      assert.equal(typeof res.body.namespace_id, 'number', 'the new personal namespace');
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

for (const dialect of DIALECTS) {
  describe(`GET /users filters and order (${dialect})`, () => {
    let t: TestApp;
    let alice: { id: number; token: string };
    let botName: string;
    /** Every username, oldest first. */
    let everyone: string[];

    before(async () => {
      t = await startTestApp(dialect);
      t.clock.set('2024-01-01T00:00:00.000Z');
      alice = await t.createUser('alice');
      t.clock.set('2024-06-01T00:00:00.000Z');
      const blocked = await t.createUser('zed');
      await t.app.deps.db.updateTable('users').set({ state: 'blocked' }).where('id', '=', blocked.id).execute();
      t.clock.set('2026-11-29T12:00:00.000Z');
      await t.createUser('bob', { admin: true });
      // A public project's bot (listed to all), and a revoked one's records give the ghost user.
      const project = (await t.api('POST', '/projects', { body: { name: 'open', visibility: 'public' } })).body;
      const bot = (await t.api('POST', `/projects/${project.id}/access_tokens`, { body: { name: 'ci', scopes: ['api'] } })).body;
      const gone = (await t.api('POST', `/projects/${project.id}/access_tokens`, { body: { name: 'gone', scopes: ['api'] } })).body;
      assert.equal((await t.api('DELETE', `/projects/${project.id}/access_tokens/${gone.id}`)).status, 204);
      botName = (await t.api('GET', `/users/${bot.user_id}`)).body.username;
      everyone = usernames(await t.api('GET', '/users?order_by=id&sort=asc&per_page=100'));
    });
    after(() => t.close());

    const list = async (query: string, token?: string) => {
      const res = await t.api('GET', `/users?per_page=100&${query}`, { token });
      assert.equal(res.status, 200, `${query}: ${JSON.stringify(res.body)}`);
      assert.equal(res.headers['x-total'], String(res.body.length), `${query}: X-Total`);
      return usernames(res);
    };

    test('GET /users lists every user to an admin, the ghost user, bots and blocked users included, newest first', async () => {
      assert.deepEqual(everyone, ['root', 'alice', 'zed', 'bob', botName, 'ghost']);
      assert.deepEqual(await list(''), [...everyone].reverse());
    });

    test('GET /users?humans=true lists humans only; exclude_internal=true drops the ghost user; without_project_bots=true the bots', async () => {
      assert.deepEqual(await list('humans=true&order_by=id&sort=asc'), ['root', 'alice', 'zed', 'bob']);
      assert.deepEqual(await list('exclude_internal=true&order_by=id&sort=asc'), ['root', 'alice', 'zed', 'bob', botName]);
      assert.deepEqual(await list('without_project_bots=true&order_by=id&sort=asc'), ['root', 'alice', 'zed', 'bob', 'ghost']);
    });

    test('GET /users?active=true and ?blocked=true filter by state; false filters nothing', async () => {
      assert.deepEqual(await list('blocked=true'), ['zed']);
      assert.ok(!(await list('active=true')).includes('zed'));
      assert.equal((await list('active=false')).length, everyone.length);
    });

    test('GET /users?external=true lists nobody (no user is external); exclude_external=true everyone', async () => {
      assert.deepEqual(await list('external=true'), []);
      assert.equal((await list('exclude_external=true')).length, everyone.length);
    });

    test('GET /users?admins=true lists the admins', async () => {
      assert.deepEqual(await list('admins=true&order_by=id&sort=asc'), ['root', 'bob']);
    });

    test('GET /users?created_after/before= bound the creation time (inclusive) for an admin', async () => {
      assert.deepEqual(await list('created_before=2024-06-01T00:00:00Z&humans=true'), ['zed', 'alice']);
      assert.deepEqual(await list('created_after=2024-01-01&created_before=2024-05-31'), ['alice']);
      assert.deepEqual(await list('created_after=2024-06-01T00:00:01Z&humans=true&order_by=id&sort=asc'), ['root', 'bob']);
    });

    test('GET /users?order_by=&sort= orders an admin\'s list by id, name, username, created_at or updated_at', async () => {
      assert.deepEqual(await list('order_by=username&sort=asc&humans=true'), ['alice', 'bob', 'root', 'zed']);
      assert.deepEqual(await list('order_by=name&sort=desc&humans=true'), ['zed', 'bob', 'alice', 'root'], 'root is named Administrator');
      assert.deepEqual(await list('order_by=created_at&sort=asc'), everyone);
      assert.deepEqual(await list('order_by=updated_at'), [...everyone].reverse());
      for (const [query, error] of [
        ['order_by=email', 'order_by does not have a valid value'],
        ['sort=up', 'sort does not have a valid value'],
        ['humans=maybe', 'humans is invalid'],
        ['created_after=yesterday', 'created_after is invalid'],
      ]) {
        const res = await t.api('GET', `/users?${query}`);
        assert.equal(res.status, 400, query);
        assert.deepEqual(res.body, { error }, query);
      }
    });

    test('a bot and the ghost user have no personal namespace (namespace_id null) and cannot create projects', async () => {
      for (const username of [botName, 'ghost']) {
        const [user] = (await t.api('GET', `/users?username=${username}`)).body;
        assert.deepEqual([user.namespace_id, user.can_create_project, user.bot], [null, false, username === botName], username);
      }
    });

    test('GET /users ignores the admin-only parameters for a non-admin, hides blocked users, and lists the ghost', async () => {
      const visible = everyone.filter((name) => name !== 'zed').reverse();
      assert.deepEqual(await list('', alice.token), visible);
      assert.deepEqual(await list('order_by=username&sort=asc&created_after=2030-01-01&admins=true', alice.token), visible);
      assert.deepEqual(await list('blocked=true', alice.token), []);
      assert.deepEqual(await list('username=zed', alice.token), []);
    });
  });
}
