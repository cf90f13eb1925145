import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { ROOT_PASSWORD, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { WebClient, inputValue, textOf } from './web-client.ts';

/** The table row of one user on the members or users page. */
function rowOf(html: string, username: string): string | undefined {
  return new RegExp(`<tr data-username="${username}">([\\s\\S]*?)</tr>`).exec(html)?.[1];
}

for (const dialect of DIALECTS) {
  describe(`web members, personal tokens and admin pages (${dialect})`, () => {
    let t: TestApp;
    let root: WebClient;
    let projectId: number;
    let botUsername: string;
    before(async () => {
      t = await startTestApp(dialect);
      root = new WebClient(t);
      await root.signIn('root', ROOT_PASSWORD);
      projectId = (await t.api('POST', '/projects', { body: { name: 'Team' } })).body.id;
      const token = await t.api('POST', `/projects/${projectId}/access_tokens`, { body: { name: 'ci bot', scopes: ['read_api'], access_level: 30 } });
      botUsername = (await t.api('GET', `/users/${token.body.user_id}`)).body.username;
    });
    after(() => t.close());

    test('Members lists everyone with their role; the bot is marked Bot and has no edit or remove controls', async () => {
      const bob = await t.createUser('bob');
      await t.api('POST', `/projects/${projectId}/members`, { body: { user_id: bob.id, access_level: 20 } });
      const page = await root.get('/root/team/-/project_members');
      assert.equal(page.status, 200);
      assert.match(textOf(page.body), /Members \(3\)/);
      const bot = rowOf(page.body, botUsername);
      assert.ok(bot, 'the bot is listed');
      assert.match(bot, /<span class="badge bot">Bot<\/span>/);
      assert.match(textOf(bot), /ci bot .*Developer/);
      assert.doesNotMatch(bot, /<form|<select|<button/);
      assert.match(textOf(bot), /Managed by its access token/);
      const human = rowOf(page.body, 'bob')!;
      assert.match(textOf(human), /bob .*Reporter/);
      assert.match(human, /<select id="member-role-\d+" name="access_level">/);
      assert.match(human, /aria-label="Remove bob"/);
      assert.doesNotMatch(human, /badge bot/);
    });

    test('the add-member form refuses a bot with the API\'s own message', async () => {
      const other = (await t.api('POST', '/projects', { body: { name: 'Elsewhere' } })).body;
      const bot = (await t.api('GET', `/users?username=${botUsername}`)).body[0];
      const apiRefusal = await t.api('POST', `/projects/${other.id}/members`, { body: { user_id: bot.id, access_level: 30 } });
      assert.equal(apiRefusal.status, 400);
      const [message] = apiRefusal.body.message.user_id;
      assert.equal(message, 'project bots cannot be added to other groups / projects');

      await root.get('/root/elsewhere/-/project_members');
      const res = await root.post('/root/elsewhere/-/project_members', { username: botUsername, access_level: '30' });
      assert.equal(res.status, 400);
      assert.ok(textOf(res.body).includes(message));
      assert.equal(inputValue(res.body, 'member-username'), botUsername);
      assert.equal(rowOf(res.body, botUsername), undefined, 'not added');
    });

    test('the add-member form adds a human; the role can be changed and the member removed', async () => {
      await t.createUser('carol');
      await root.get('/root/team/-/project_members');
      const unknown = await root.post('/root/team/-/project_members', { username: 'nobody-here', access_level: '30' });
      assert.equal(unknown.status, 404);
      assert.match(textOf(unknown.body), /User Not Found/);

      const added = await root.post('/root/team/-/project_members', { username: 'carol', access_level: '30' });
      assert.equal(added.status, 303);
      let page = await root.get(String(added.headers.location));
      assert.match(textOf(page.body), /The member was added\./);
      assert.match(textOf(rowOf(page.body, 'carol')!), /Developer/);
      const carolId = (await t.api('GET', '/users?username=carol')).body[0].id;

      const updated = await root.post(`/root/team/-/project_members/${carolId}`, { access_level: '40' });
      assert.equal(updated.status, 303);
      page = await root.get('/root/team/-/project_members');
      assert.match(textOf(rowOf(page.body, 'carol')!), /Maintainer/);

      const removed = await root.post(`/root/team/-/project_members/${carolId}/remove`, {});
      assert.equal(removed.status, 303);
      page = await root.get(String(removed.headers.location));
      assert.match(textOf(page.body), /The member was removed\./);
      assert.equal(rowOf(page.body, 'carol'), undefined);
    });

    test('a bot cannot be edited or removed through a crafted form either (the services refuse)', async () => {
      const bot = (await t.api('GET', `/users?username=${botUsername}`)).body[0];
      await root.get('/root/team/-/project_members');
      const edit = await root.post(`/root/team/-/project_members/${bot.id}`, { access_level: '50' });
      assert.equal(edit.status, 403);
      const remove = await root.post(`/root/team/-/project_members/${bot.id}/remove`, {});
      assert.equal(remove.status, 403);
      const page = await root.get('/root/team/-/project_members');
      assert.match(textOf(rowOf(page.body, botUsername)!), /Developer/);
    });

    test('a Reporter sees the members but no invite form and no controls', async () => {
      const web = new WebClient(t);
      await web.signIn('bob', 'password-123');
      const page = await web.get('/root/team/-/project_members');
      assert.equal(page.status, 200);
      assert.doesNotMatch(page.body, /Invite a member/);
      assert.doesNotMatch(rowOf(page.body, 'root')!, /<form/);
      assert.match(rowOf(page.body, 'bob')!, /aria-label="Leave project"/);
      // A crafted invite is refused for lack of rights, before any user is looked up.
      for (const username of ['root', 'nobody-here']) {
        const invite = await web.post('/root/team/-/project_members', { username, access_level: '30' });
        assert.equal(invite.status, 403, username);
        assert.match(textOf(invite.body), /You don't have permission to do that\./, 'refused by the service, not the CSRF check');
      }
    });

    test('Personal access tokens: created with chosen scopes, shown once, works on GET /user, then revoked', async () => {
      const page = await root.get('/-/user_settings/personal_access_tokens');
      assert.equal(page.status, 200);
      assert.match(page.body, /value="read_user"/);
      assert.doesNotMatch(page.body, /token-access-level/, 'no role for a personal token');
      const created = await root.post('/-/user_settings/personal_access_tokens', { name: 'laptop', scopes: ['read_user'], expires_at: '2027-02-01' });
      assert.equal(created.status, 200);
      const token = inputValue(created.body, 'new-token-value')!;
      assert.match(textOf(created.body), /Make sure you save it - you won't be able to access it again\./);
      const me = await t.api('GET', '/user', { token });
      assert.equal(me.status, 200);
      assert.equal(me.body.username, 'root');
      assert.equal((await t.api('GET', '/projects', { token })).status, 403, 'read_user only');

      const listed = await root.get('/-/user_settings/personal_access_tokens');
      assert.ok(!listed.body.includes(token));
      const id = /action="\/-\/user_settings\/personal_access_tokens\/(\d+)\/revoke"[^>]*laptop/.exec(listed.body)?.[1];
      assert.ok(id, 'a Revoke form for the token');
      const revoked = await root.post(`/-/user_settings/personal_access_tokens/${id}/revoke`, {});
      assert.equal(revoked.status, 303);
      const after = await root.get(String(revoked.headers.location));
      assert.match(textOf(after.body), /Inactive personal access tokens \(1\)/);
      assert.equal((await t.api('GET', '/user', { token })).status, 401);
    });

    test('one user cannot revoke another\'s personal token through the form', async () => {
      const bobToken = (await t.api('GET', '/personal_access_tokens?user_id=' + (await t.api('GET', '/users?username=bob')).body[0].id)).body[0];
      const web = new WebClient(t);
      await web.signIn('carol', 'password-123');
      await web.get('/-/user_settings/personal_access_tokens');
      const res = await web.post(`/-/user_settings/personal_access_tokens/${bobToken.id}/revoke`, {});
      assert.equal(res.status, 400);
      assert.match(textOf(res.body), /Not permitted to revoke/);
      assert.equal((await t.api('GET', `/personal_access_tokens/${bobToken.id}`)).body.active, true);
    });

    test('a token or member id no database column holds is 404 on the revoke and member forms, never a server error', async () => {
      await root.get('/-/user_settings/personal_access_tokens');
      for (const id of ['99999999999', '2147483648', '0', '000']) {
        const revoke = await root.post(`/-/user_settings/personal_access_tokens/${id}/revoke`, {});
        assert.equal(revoke.status, 404, `personal token ${id}`);
        await root.get('/root/team/-/settings/access_tokens');
        const projectRevoke = await root.post(`/root/team/-/settings/access_tokens/${id}/revoke`, {});
        assert.equal(projectRevoke.status, 404, `project token ${id}`);
        await root.get('/root/team/-/project_members');
        const member = await root.post(`/root/team/-/project_members/${id}/remove`, {});
        assert.equal(member.status, 404, `member ${id}`);
      }
    });

    test('Admin area > Users lists users with bots marked, and creates a user who can then sign in', async () => {
      const page = await root.get('/admin/users');
      assert.equal(page.status, 200);
      assert.match(rowOf(page.body, 'root')!, /badge admin/);
      assert.match(rowOf(page.body, botUsername)!, /<span class="badge bot">Bot<\/span>/);
      await root.get('/admin/users/new');
      const short = await root.post('/admin/users', { name: 'Dora', username: 'dora', email: 'dora@example.com', password: 'short' });
      assert.equal(short.status, 400);
      assert.match(textOf(short.body), /Password is too short \(minimum is 8 characters\)/);
      assert.equal(inputValue(short.body, 'user-username'), 'dora');
      assert.ok(!short.body.includes('value="short"'), 'the password is not echoed');
      const created = await root.post('/admin/users', { name: 'Dora', username: 'dora', email: 'dora@example.com', password: 'dora-password-1' });
      assert.equal(created.status, 303);
      const list = await root.get(String(created.headers.location));
      assert.match(textOf(list.body), /The user was created\./);
      assert.ok(rowOf(list.body, 'dora'));
      assert.equal((await new WebClient(t).signIn('dora', 'dora-password-1')).status, 303);
    });

    test('the admin area does not exist for a non-admin (404), and its form cannot be posted', async () => {
      const web = new WebClient(t);
      await web.signIn('bob', 'password-123');
      const home = await web.get('/');
      assert.doesNotMatch(home.body, /Admin area/);
      assert.equal((await web.get('/admin/users')).status, 404);
      assert.equal((await web.get('/admin/users/new')).status, 404);
      const posted = await web.post('/admin/users', { name: 'Eve', username: 'eve', email: 'eve@example.com', password: 'eve-password-1' });
      assert.equal(posted.status, 404);
      assert.equal((await t.api('GET', '/users?username=eve')).body.length, 0);
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`web token form under a maximum token lifetime (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect, { LATCHKEY_MAX_TOKEN_LIFETIME_DAYS: '10' });
    });
    after(() => t.close());

    test('the date picker defaults to and stops at the maximum lifetime; an empty date gets the maximum', async () => {
      const web = new WebClient(t);
      await web.signIn('root', ROOT_PASSWORD);
      const page = await web.get('/-/user_settings/personal_access_tokens');
      // The test clock says 2026-11-29: at most 10 days, so 2026-12-09.
      assert.match(page.body, /<input id="token-expires-at" name="expires_at" type="date" value="2026-12-09" min="2026-11-30" max="2026-12-09"/);
      assert.match(textOf(page.body), /Left empty, it lasts as long as allowed \(until 2026-12-09\)\./);
      const created = await web.post('/-/user_settings/personal_access_tokens', { name: 'capped', scopes: ['api'], expires_at: '' });
      assert.equal(created.status, 200);
      const token = inputValue(created.body, 'new-token-value')!;
      const self = await t.api('GET', '/personal_access_tokens/self', { token });
      assert.equal(self.body.expires_at, '2026-12-09');
      const tooLate = await web.post('/-/user_settings/personal_access_tokens', { name: 'late', scopes: ['api'], expires_at: '2026-12-20' });
      assert.equal(tooLate.status, 400);
      assert.match(textOf(tooLate.body), /Expires at must be/);
    });
  });
}
