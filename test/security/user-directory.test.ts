import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { createProject, createProjectToken, type CreatedProjectToken } from '../helpers/project-tokens.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

type User = { id: number; token: string };

const usernames = (body: { username: string }[]) => body.map((user) => user.username).sort();

/**
 * The user directory (GET /users, GET /users/:id) tells a non-admin nothing they could not see
 * otherwise: search is no oracle for private email addresses, and the bots of projects hidden from
 * them stay hidden. Admins see everyone.
 */
for (const dialect of DIALECTS) {
  describe(`the user directory leaks nothing to a non-admin (${dialect})`, () => {
    let t: TestApp;
    let outsider: User;
    let victim: User;
    let secretBot: CreatedProjectToken;
    let secretBotName: string;
    let openBot: CreatedProjectToken;
    let internalBot: CreatedProjectToken;

    before(async () => {
      t = await startTestApp(dialect);
      outsider = await t.createUser('outsider');
      victim = await t.createUser('victim');
      const secret = await createProject(t, victim.token, 'secret');
      secretBot = await createProjectToken(t, secret.id, { name: 'secret-bot' }, victim.token);
      secretBotName = (await t.api('GET', `/users/${secretBot.userId}`)).body.username;
      openBot = await createProjectToken(t, (await createProject(t, victim.token, 'open', 'public')).id, { name: 'open-bot' }, victim.token);
      internalBot = await createProjectToken(t, (await createProject(t, victim.token, 'inside', 'internal')).id, { name: 'inside-bot' }, victim.token);
    });
    after(() => t.close());

    test('GET /users?search= matches no part of a private email for a non-admin, not even all of it', async () => {
      for (const text of ['victim@', '@example.com', 'example', 'victim@example.com']) {
        const res = await t.api('GET', `/users?search=${encodeURIComponent(text)}`, { token: outsider.token });
        assert.equal(res.status, 200);
        assert.deepEqual(res.body, [], `search=${text} found someone by email: ${usernames(res.body)}`);
      }
      const byName = await t.api('GET', '/users?search=vict', { token: outsider.token });
      assert.deepEqual(usernames(byName.body), ['victim'], 'the username still matches');
    });

    test('GET /users?search= finds a user by their whole email for an admin, never by a part of it', async () => {
      assert.deepEqual(usernames((await t.api('GET', '/users?search=Victim%40Example.com')).body), ['victim']);
      assert.deepEqual(usernames((await t.api('GET', '/users?search=%40example.com')).body), []);
    });

    test("GET /users never lists the bot of a private project to a non-member, by search or username", async () => {
      const all = await t.api('GET', '/users?per_page=100', { token: outsider.token });
      assert.equal(all.status, 200);
      assert.ok(!usernames(all.body).includes(secretBotName), `listed: ${usernames(all.body)}`);
      assert.equal(all.headers['x-total'], String(all.body.length), 'X-Total counts what is listed');
      for (const query of [`username=${secretBotName}`, 'search=secret-bot', 'search=project_']) {
        const res = await t.api('GET', `/users?${query}`, { token: outsider.token });
        assert.ok(!res.body.some((user: { id: number }) => user.id === secretBot.userId), query);
      }
    });

    test('GET /users/:id of the bot of a private project is 404 to a non-member, as for a missing user', async () => {
      const res = await t.api('GET', `/users/${secretBot.userId}`, { token: outsider.token });
      assert.equal(res.status, 404);
      assert.deepEqual(res.body, { message: '404 User Not Found' });
    });

    test("the bots of projects a user can see are listed and shown to them: a public one's to all, an internal one's to humans", async () => {
      const all = usernames((await t.api('GET', '/users?per_page=100', { token: outsider.token })).body);
      for (const bot of [openBot, internalBot]) {
        const shown = await t.api('GET', `/users/${bot.userId}`, { token: outsider.token });
        assert.equal(shown.status, 200);
        assert.equal(shown.body.bot, true);
        assert.ok(all.includes(shown.body.username), shown.body.username);
      }
      // Another project's bot does not see internal projects, nor their bots.
      const asBot = await t.api('GET', `/users/${internalBot.userId}`, { token: openBot.token });
      assert.equal(asBot.status, 404);
      assert.equal((await t.api('GET', `/users/${openBot.userId}`, { token: internalBot.token })).status, 200);
    });

    test("a former member (their membership expired) no longer sees the private project's bot", async () => {
      const temp = await t.createUser('temp');
      const tomorrow = new Date(t.clock.now().getTime() + 86_400_000).toISOString().slice(0, 10);
      const secret = (await t.api('GET', `/projects/${encodeURIComponent('victim/secret')}`)).body.id;
      const added = await t.api('POST', `/projects/${secret}/members`, { body: { user_id: temp.id, access_level: 20, expires_at: tomorrow } });
      assert.equal(added.status, 201, JSON.stringify(added.body));
      assert.equal((await t.api('GET', `/users/${secretBot.userId}`, { token: temp.token })).status, 200);
      assert.deepEqual(usernames((await t.api('GET', `/users?username=${secretBotName}`, { token: temp.token })).body), [secretBotName]);
      t.clock.advance(2 * 86_400_000);
      try {
        assert.equal((await t.api('GET', `/users/${secretBot.userId}`, { token: temp.token })).status, 404);
        assert.deepEqual((await t.api('GET', `/users?username=${secretBotName}`, { token: temp.token })).body, []);
      } finally {
        t.clock.advance(-2 * 86_400_000);
      }
    });

    test("a member of the private project, and an admin, see its bot", async () => {
      for (const token of [victim.token, t.rootToken, secretBot.token]) {
        assert.equal((await t.api('GET', `/users/${secretBot.userId}`, { token })).status, 200);
        const listed = await t.api('GET', `/users?username=${secretBotName}`, { token });
        assert.deepEqual(usernames(listed.body), [secretBotName]);
      }
    });
  });
}
