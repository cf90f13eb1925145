import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { authenticateBasic } from '../../src/auth/authenticate-basic.ts';
import { authenticatePassword } from '../../src/auth/authenticate-password.ts';
import { AppError } from '../../src/domain/errors.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { bad, createProject, createProjectToken, ids, type TestProject } from '../helpers/project-tokens.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

// The bot user behind every project access token: who it is, what it may do, what happens to what
// it wrote when its token is revoked, and that creating one is all-or-nothing, also under load.

for (const dialect of DIALECTS) {
  describe(`project bot users (${dialect})`, () => {
    let t: TestApp;
    let owner: { id: number; token: string };
    let project: TestProject;
    let elsewhere: TestProject;

    const count = async (table: 'users' | 'members' | 'personal_access_tokens') =>
      Number((await t.app.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

    before(async () => {
      t = await startTestApp(dialect);
      owner = await t.createUser('bot-keeper');
      project = await createProject(t, owner.token, 'bot-home');
      elsewhere = await createProject(t, owner.token, 'bot-elsewhere');
    });
    after(() => t.close());

    describe('identity', () => {
      test('each token gets its own bot: username project_<id>_bot_<16 hex>, email <username>@noreply.<host>, name = token name', async () => {
        const a = await createProjectToken(t, project.id, { name: 'CI deployer', access_level: 30 });
        const b = await createProjectToken(t, project.id, { name: 'CI deployer', access_level: 30 });
        assert.notEqual(a.userId, b.userId);
        const me = await t.api('GET', '/user', { token: a.token });
        assert.equal(me.status, 200);
        assert.match(me.body.username, new RegExp(`^project_${project.id}_bot_[0-9a-f]{16}$`));
        assert.equal(me.body.email, `${me.body.username}@noreply.127.0.0.1`);
        assert.equal(me.body.name, 'CI deployer');
        assert.equal(me.body.bot, true);
        assert.equal(me.body.can_create_project, false);
        const seen = await t.api('GET', `/users/${a.userId}`, { token: owner.token });
        assert.deepEqual([seen.body.bot, seen.body.username], [true, me.body.username]);
        assert.equal((await t.api('GET', `/users/${owner.id}`, { token: owner.token })).body.bot, false);
        const row = await t.app.deps.db.selectFrom('users').selectAll().where('id', '=', a.userId).executeTakeFirstOrThrow();
        assert.deepEqual([row.user_type, row.bot_project_id, row.password_hash], ['project_bot', project.id, null]);
      });

      test("is listed among the project's members with the token's access level and bot: true", async () => {
        const token = await createProjectToken(t, project.id, { name: 'listed', access_level: 20, expires_at: '2027-01-01' });
        const res = await t.api('GET', `/projects/${project.id}/members?per_page=100`, { token: owner.token });
        const member = res.body.find((m: { id: number }) => m.id === token.userId);
        assert.ok(member, 'the bot is a member');
        assert.deepEqual([member.access_level, member.bot, member.name, member.expires_at], [20, true, 'listed', '2027-01-01']);
        const one = await t.api('GET', `/projects/${project.id}/members/${token.userId}`, { token: owner.token });
        assert.equal(one.body.access_level, 20);
      });
    });

    describe('what a bot may not do', () => {
      test('its membership cannot be edited or removed through the members API', async () => {
        const token = await createProjectToken(t, project.id, { name: 'fixed', access_level: 20 });
        const put = await t.api('PUT', `/projects/${project.id}/members/${token.userId}`, { token: owner.token, body: { access_level: 50 } });
        assert.equal(put.status, 403);
        assert.deepEqual(put.body, { message: '403 Forbidden' });
        const del = await t.api('DELETE', `/projects/${project.id}/members/${token.userId}`, { token: owner.token });
        assert.equal(del.status, 403);
        const still = await t.api('GET', `/projects/${project.id}/members/${token.userId}`, { token: owner.token });
        assert.equal(still.body.access_level, 20);
        const selfLeave = await t.api('DELETE', `/projects/${project.id}/members/${token.userId}`, { token: token.token });
        assert.equal(selfLeave.status, 403);
      });

      test('cannot be added to another project: 400 "project bots cannot be added to other groups / projects"', async () => {
        const token = await createProjectToken(t, project.id, { name: 'homebody' });
        for (const target of [elsewhere.id, project.id]) {
          const res = await t.api('POST', `/projects/${target}/members`, { token: owner.token, body: { user_id: token.userId, access_level: 30 } });
          assert.equal(res.status, 400);
          assert.deepEqual(res.body, { message: { user_id: ['project bots cannot be added to other groups / projects'] } });
        }
        const admin = await t.api('POST', `/projects/${elsewhere.id}/members`, { body: { user_id: token.userId, access_level: 10 } });
        assert.equal(admin.status, 400);
        assert.equal(ids(await t.api('GET', `/projects/${elsewhere.id}/members`)).includes(token.userId), false);
      });

      test('cannot create a project, even with api scope and Owner role', async () => {
        const token = await createProjectToken(t, project.id, { name: 'no-projects', access_level: 50 });
        const res = await t.api('POST', '/projects', { token: token.token, body: { name: 'bot-made' } });
        assert.equal(res.status, 403);
        assert.deepEqual(res.body, { message: '403 Forbidden' });
      });

      test('cannot sign in with a password, whatever it tries', async () => {
        const token = await createProjectToken(t, project.id, { name: 'no-password' });
        const me = await t.api('GET', '/user', { token: token.token });
        for (const password of ['', 'password-123', 'x'.repeat(40)]) {
          await assert.rejects(authenticatePassword(t.app.deps, me.body.username, password), (error: AppError) => error.code === 'unauthorized');
          await assert.rejects(authenticatePassword(t.app.deps, me.body.email, password), (error: AppError) => error.code === 'unauthorized');
          await assert.rejects(authenticateBasic(t.app.deps, me.body.username, password, { ip: '127.0.0.1', transport: 'git_http' }), (error: AppError) => error.code === 'unauthorized');
        }
      });

      test('cannot create or rotate tokens even with api scope and Maintainer role, but lists, gets and revokes them', async () => {
        const bot = await createProjectToken(t, project.id, { name: 'manager-bot', access_level: 40, scopes: ['api'] });
        const other = await createProjectToken(t, project.id, { name: 'managed', access_level: 30 });
        const created = await t.api('POST', `/projects/${project.id}/access_tokens`, { token: bot.token, body: { name: 'x', scopes: ['read_api'], access_level: 10 } });
        assert.deepEqual([created.status, created.body], [400, bad('User does not have permission to create project access token')]);
        const rotated = await t.api('POST', `/projects/${project.id}/access_tokens/${other.id}/rotate`, { token: bot.token });
        assert.equal(rotated.status, 401);
        assert.ok(ids(await t.api('GET', `/projects/${project.id}/access_tokens`, { token: bot.token })).includes(other.id));
        assert.equal((await t.api('GET', `/projects/${project.id}/access_tokens/${other.id}`, { token: bot.token })).status, 200);
        assert.equal((await t.api('DELETE', `/projects/${project.id}/access_tokens/${other.id}`, { token: bot.token })).status, 204);
        assert.equal((await t.api('GET', '/user', { token: other.token })).status, 401);
      });
    });

    describe('revoking a token', () => {
      test('the bot user is gone; its issue, note and events remain, attributed to the ghost user', async () => {
        const bot = await createProjectToken(t, project.id, { name: 'writer bot', access_level: 30 });
        const issue = await t.api('POST', `/projects/${project.id}/issues`, { token: bot.token, body: { title: 'written by a bot', description: 'hello' } });
        assert.equal(issue.status, 201);
        assert.equal(issue.body.author.id, bot.userId);
        const edited = await t.api('PUT', `/projects/${project.id}/issues/${issue.body.iid}`, { token: bot.token, body: { title: 'edited by a bot', state_event: 'close' } });
        assert.equal(edited.status, 200);
        const note = await t.api('POST', `/projects/${project.id}/issues/${issue.body.iid}/notes`, { token: bot.token, body: { body: 'a bot comment' } });
        assert.equal(note.status, 201);
        const eventsBefore = (await t.api('GET', `/projects/${project.id}/events?per_page=100`, { token: owner.token })).body.filter(
          (e: { author_id: number }) => e.author_id === bot.userId,
        );
        assert.deepEqual(eventsBefore.map((e: { action_name: string }) => e.action_name).sort(), ['closed', 'commented on', 'opened']);

        assert.equal((await t.api('DELETE', `/projects/${project.id}/access_tokens/${bot.id}`, { token: owner.token })).status, 204);

        assert.equal((await t.api('GET', `/users/${bot.userId}`, { token: owner.token })).status, 404);
        assert.equal(ids(await t.api('GET', `/projects/${project.id}/members?per_page=100`, { token: owner.token })).includes(bot.userId), false);
        const ghostRow = await t.app.deps.db.selectFrom('users').selectAll().where('user_type', '=', 'ghost').executeTakeFirstOrThrow();
        assert.deepEqual([ghostRow.username, ghostRow.name], ['ghost', 'Ghost User']);

        const after = await t.api('GET', `/projects/${project.id}/issues/${issue.body.iid}`, { token: owner.token });
        assert.equal(after.status, 200);
        assert.deepEqual([after.body.title, after.body.state], ['edited by a bot', 'closed']);
        assert.deepEqual([after.body.author.username, after.body.author.name, after.body.author.id], ['ghost', 'Ghost User', ghostRow.id]);
        assert.equal(after.body.closed_by.username, 'ghost');
        const notes = await t.api('GET', `/projects/${project.id}/issues/${issue.body.iid}/notes`, { token: owner.token });
        assert.deepEqual(notes.body.map((n: { body: string; author: { username: string } }) => [n.body, n.author.username]), [['a bot comment', 'ghost']]);
        const events = (await t.api('GET', `/projects/${project.id}/events?per_page=100`, { token: owner.token })).body;
        assert.equal(events.filter((e: { author_id: number }) => e.author_id === bot.userId).length, 0);
        const ghostActions = events
          .filter((e: { author: { username: string } | null; target_title: string }) =>
            e.author?.username === 'ghost' && ['written by a bot', 'edited by a bot'].includes(e.target_title),
          )
          .map((e: { action_name: string }) => e.action_name)
          .sort();
        assert.deepEqual(ghostActions, ['closed', 'commented on', 'opened']);
        const issueRow = await t.app.deps.db.selectFrom('issues').selectAll().where('id', '=', issue.body.id).executeTakeFirstOrThrow();
        assert.deepEqual([issueRow.author_id, issueRow.updated_by_id, issueRow.closed_by_id], [ghostRow.id, ghostRow.id, ghostRow.id]);
      });

      test('a second revoked bot reuses the same ghost user', async () => {
        const bot = await createProjectToken(t, project.id, { name: 'second writer', access_level: 30 });
        await t.api('POST', `/projects/${project.id}/issues`, { token: bot.token, body: { title: 'second bot issue' } });
        assert.equal((await t.api('DELETE', '/personal_access_tokens/self', { token: bot.token })).status, 204);
        const ghosts = await t.app.deps.db.selectFrom('users').select('id').where('user_type', '=', 'ghost').execute();
        assert.equal(ghosts.length, 1);
        const issues = await t.api('GET', `/projects/${project.id}/issues?search=second%20bot`, { token: owner.token });
        assert.equal(issues.body[0].author.username, 'ghost');
      });
    });

    describe('creating a token is one transaction', () => {
      test('when a step inside the create transaction fails, no bot, membership or token is left behind', async () => {
        // Provoke a unique-constraint clash on the last insert of the transaction (the token row),
        // after the bot user and its membership were written.
        await sql`create unique index test_token_name_clash on personal_access_tokens (name) where name = 'clash'`.execute(t.app.deps.db);
        try {
          await createProjectToken(t, project.id, { name: 'clash' });
          const before = { users: await count('users'), members: await count('members'), tokens: await count('personal_access_tokens') };
          const membersBefore = ids(await t.api('GET', `/projects/${project.id}/members?per_page=100`, { token: owner.token }));
          const res = await t.api('POST', `/projects/${project.id}/access_tokens`, { token: owner.token, body: { name: 'clash', scopes: ['api'] } });
          assert.equal(res.status, 500);
          assert.deepEqual(res.body, { message: '500 Internal Server Error' });
          assert.deepEqual({ users: await count('users'), members: await count('members'), tokens: await count('personal_access_tokens') }, before);
          assert.deepEqual(ids(await t.api('GET', `/projects/${project.id}/members?per_page=100`, { token: owner.token })), membersBefore);
          const audit = await t.api('GET', `/projects/${project.id}/audit_events`, { token: owner.token });
          assert.equal(audit.body[0].event_name, 'project_access_token_creation_failed');
          assert.equal(audit.body[0].details.custom_message, 'Attempted to create project access token but failed with message: an unexpected error occurred');
        } finally {
          await sql`drop index test_token_name_clash`.execute(t.app.deps.db);
        }
        assert.equal((await t.api('POST', `/projects/${project.id}/access_tokens`, { token: owner.token, body: { name: 'clash', scopes: ['api'] } })).status, 201);
      });
    });

    describe('concurrency', () => {
      test('24 parallel creates on one project all succeed, each with its own bot and membership', async () => {
        const busy = await createProject(t, owner.token, 'bot-busy');
        const membersBefore = (await t.api('GET', `/projects/${busy.id}/members`, { token: owner.token })).body.length;
        const results = await Promise.all(
          Array.from({ length: 24 }, (_, i) =>
            t.api('POST', `/projects/${busy.id}/access_tokens`, { token: owner.token, body: { name: `parallel-${i}`, scopes: ['read_api'], access_level: 20 } }),
          ),
        );
        assert.deepEqual(results.map((r) => r.status), Array(24).fill(201));
        const botIds = new Set(results.map((r) => r.body.user_id));
        assert.equal(botIds.size, 24);
        assert.equal(new Set(results.map((r) => r.body.token)).size, 24);
        const members = await t.api('GET', `/projects/${busy.id}/members?per_page=100`, { token: owner.token });
        assert.equal(members.body.length, membersBefore + 24);
        assert.equal(new Set(members.body.map((m: { username: string }) => m.username)).size, membersBefore + 24);
        for (const res of results) assert.equal((await t.api('GET', '/user', { token: res.body.token })).body.id, res.body.user_id);
      });

      for (const racers of [2, 10]) {
        test(`${racers} parallel rotations of one token: exactly one wins, the others get 400 "Token already revoked", one active token remains`, async () => {
          const token = await createProjectToken(t, project.id, { name: `raced-${racers}`, access_level: 30 });
          const results = await Promise.all(
            Array.from({ length: racers }, () => t.api('POST', `/projects/${project.id}/access_tokens/${token.id}/rotate`, { token: owner.token })),
          );
          const winners = results.filter((r) => r.status === 200);
          const losers = results.filter((r) => r.status !== 200);
          assert.equal(winners.length, 1, JSON.stringify(results.map((r) => [r.status, r.body])));
          for (const loser of losers) {
            assert.equal(loser.status, 400);
            assert.deepEqual(loser.body, bad('Token already revoked'));
          }
          const active = await t.api('GET', `/projects/${project.id}/access_tokens?state=active&search=raced-${racers}`, { token: owner.token });
          assert.deepEqual(ids(active), [winners[0]!.body.id]);
          const all = await t.api('GET', `/projects/${project.id}/access_tokens?search=raced-${racers}`, { token: owner.token });
          assert.equal(all.body.length, 2);
          assert.equal((await t.api('GET', '/user', { token: winners[0]!.body.token })).status, 200);
        });
      }

      test('a revoke racing a rotation of the same token: one of them wins, and no active token survives a won revoke', async () => {
        const token = await createProjectToken(t, project.id, { name: 'contested', access_level: 30 });
        const [revoke, rotate] = await Promise.all([
          t.api('DELETE', `/projects/${project.id}/access_tokens/${token.id}`, { token: owner.token }),
          t.api('POST', `/projects/${project.id}/access_tokens/${token.id}/rotate`, { token: owner.token }),
        ]);
        const active = ids(await t.api('GET', `/projects/${project.id}/access_tokens?state=active&search=contested`, { token: owner.token }));
        if (revoke.status === 204) {
          assert.deepEqual([rotate.status, rotate.body], [400, bad('Token already revoked')]);
          assert.deepEqual(active, []);
        } else {
          assert.equal(revoke.status, 404);
          assert.equal(rotate.status, 200);
          assert.deepEqual(active, [rotate.body.id]);
        }
      });
    });
  });
}
