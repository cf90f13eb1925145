import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { ROOT_PASSWORD, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { WebClient, csrfOf, textOf } from './web-client.ts';

const SESSION = 'latchkey_session';

function sessionCookieLine(setCookies: string[]): string {
  const line = setCookies.find((c) => c.startsWith(`${SESSION}=`) && !/max-age=0/i.test(c));
  assert.ok(line, `no session cookie in ${JSON.stringify(setCookies)}`);
  return line;
}

for (const dialect of DIALECTS) {
  describe(`web sign-in and sessions (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
    });
    after(() => t.close());

    test('GET / signed out redirects to the sign-in page, which has labelled fields and a CSRF token', async () => {
      const web = new WebClient(t);
      const home = await web.get('/');
      assert.equal(home.status, 303);
      assert.equal(home.headers.location, '/users/sign_in');
      const page = await web.get('/users/sign_in');
      assert.equal(page.status, 200);
      assert.match(String(page.headers['content-type']), /^text\/html/);
      assert.match(page.body, /<label for="user-login">Username or primary email<\/label>/);
      assert.match(page.body, /<input id="user-login" name="login"/);
      assert.match(page.body, /<label for="user-password">Password<\/label>/);
      assert.ok(csrfOf(page.body).length >= 40);
      const pre = page.setCookies.find((c) => c.startsWith('latchkey_csrf='));
      assert.ok(pre && /HttpOnly/.test(pre) && /SameSite=Lax/.test(pre), pre);
    });

    test('POST /users/sign_in with the right password signs in by username or email and redirects to the dashboard', async () => {
      await t.createUser('alice');
      for (const login of ['alice', 'ALICE@example.com']) {
        const web = new WebClient(t);
        const res = await web.signIn(login, 'password-123');
        assert.equal(res.status, 303, login);
        assert.equal(res.headers.location, '/');
        const home = await web.get('/');
        assert.equal(home.status, 200);
        assert.match(textOf(home.body), /Projects/);
        assert.match(home.body, /User menu for alice/);
      }
    });

    test('the session cookie is HttpOnly, SameSite=Lax, Path=/, expires in a week, and not Secure over http', async () => {
      const web = new WebClient(t);
      const res = await web.signIn('root', ROOT_PASSWORD);
      const line = sessionCookieLine(res.setCookies);
      assert.match(line, /; HttpOnly/);
      assert.match(line, /; SameSite=Lax/);
      assert.match(line, /; Path=\//);
      assert.match(line, /; Max-Age=604800/);
      assert.doesNotMatch(line, /Secure/);
      // The pre-session CSRF cookie has done its job.
      assert.ok(res.setCookies.some((c) => c.startsWith('latchkey_csrf=;') && /Max-Age=0/.test(c)));
    });

    test('the database holds a digest of the session id, never the id itself', async () => {
      const web = new WebClient(t);
      await web.signIn('root', ROOT_PASSWORD);
      const id = web.cookies.get(SESSION)!;
      const rows = await t.app.deps.db.selectFrom('sessions').selectAll().execute();
      assert.ok(rows.length > 0);
      for (const row of rows) {
        assert.match(row.id_digest, /^[0-9a-f]{64}$/);
        assert.notEqual(row.id_digest, id);
        assert.ok(!JSON.stringify(row).includes(id));
      }
    });

    test('a wrong password shows "Invalid login or password." and sets no session', async () => {
      const web = new WebClient(t);
      const res = await web.signIn('root', 'wrong-password');
      assert.equal(res.status, 401);
      assert.match(textOf(res.body), /Invalid login or password\./);
      assert.ok(!res.setCookies.some((c) => c.startsWith(`${SESSION}=`)));
      assert.equal((await web.get('/')).status, 303);
      // The typed login comes back, the password does not.
      assert.match(res.body, /id="user-login" name="login" type="text" required autocomplete="username" autofocus value="root"/);
      assert.ok(!res.body.includes('wrong-password'));
    });

    test('a token is not a password: a personal access token cannot sign in', async () => {
      const web = new WebClient(t);
      const res = await web.signIn('root', t.rootToken);
      assert.equal(res.status, 401);
    });

    test('a project bot and the ghost user can never sign in', async () => {
      const project = await t.api('POST', '/projects', { body: { name: 'bots-home' } });
      const created = await t.api('POST', `/projects/${project.body.id}/access_tokens`, { body: { name: 'bot', scopes: ['api'] } });
      const bot = await t.api('GET', `/users/${created.body.user_id}`);
      assert.equal(bot.body.bot, true);
      for (const password of ['', 'password-123', created.body.token]) {
        const res = await new WebClient(t).signIn(bot.body.username, password);
        assert.equal(res.status, 401, `bot with ${password ? 'a password' : 'no password'}`);
        assert.match(textOf(res.body), /Invalid login or password\./);
      }
      // Even with a real password hash (root's, set behind the service's back), the user type refuses.
      const db = t.app.deps.db;
      const { password_hash } = await db.selectFrom('users').select('password_hash').where('username', '=', 'root').executeTakeFirstOrThrow();
      await db.updateTable('users').set({ password_hash }).where('id', '=', created.body.user_id).execute();
      const botWithPassword = await new WebClient(t).signIn(bot.body.username, ROOT_PASSWORD);
      assert.equal(botWithPassword.status, 401);
      assert.match(textOf(botWithPassword.body), /Invalid login or password\./);
      // Revoking moves the bot's records to the ghost user, which now exists.
      assert.equal((await t.api('DELETE', `/projects/${project.body.id}/access_tokens/${created.body.id}`)).status, 204);
      const ghost = await db.selectFrom('users').select(['id', 'username']).where('user_type', '=', 'ghost').executeTakeFirst();
      assert.ok(ghost, 'the ghost user exists');
      await db.updateTable('users').set({ password_hash }).where('id', '=', ghost.id).execute();
      const res = await new WebClient(t).signIn(ghost.username, ROOT_PASSWORD);
      assert.equal(res.status, 401);
    });

    test('POST /users/sign_in without its CSRF token, or without the CSRF cookie, is refused with 403', async () => {
      const noToken = new WebClient(t);
      await noToken.get('/users/sign_in');
      const res = await noToken.post('/users/sign_in', { login: 'root', password: ROOT_PASSWORD }, { csrf: null });
      assert.equal(res.status, 403);
      assert.match(textOf(res.body), /The form could not be accepted/);
      assert.ok(!res.setCookies.some((c) => c.startsWith(`${SESSION}=`)));

      const noCookie = new WebClient(t);
      const page = await noCookie.get('/users/sign_in');
      noCookie.cookies.clear();
      const forged = await noCookie.post('/users/sign_in', { login: 'root', password: ROOT_PASSWORD }, { csrf: csrfOf(page.body) });
      assert.equal(forged.status, 403);
    });

    test('signing in rotates the session id: a session the browser held before stops working', async () => {
      const first = new WebClient(t);
      await first.signIn('root', ROOT_PASSWORD);
      const before = first.cookies.get(SESSION)!;
      assert.equal((await first.get('/')).status, 200);

      // Another browser tab: the old session cookie rides along with a fresh sign-in.
      const second = new WebClient(t);
      await second.get('/users/sign_in');
      second.cookies.set(SESSION, before);
      const res = await second.post('/users/sign_in', { login: 'root', password: ROOT_PASSWORD });
      assert.equal(res.status, 303);
      const afterId = second.cookies.get(SESSION)!;
      assert.ok(afterId && afterId !== before, 'a new session id');
      assert.equal((await second.get('/')).status, 200);
      assert.equal((await first.get('/')).status, 303, 'the old id signs no one in');
    });

    test('a session id planted by someone else is never adopted', async () => {
      const web = new WebClient(t);
      await web.get('/users/sign_in');
      const planted = 'A'.repeat(43);
      web.cookies.set(SESSION, planted);
      await web.post('/users/sign_in', { login: 'root', password: ROOT_PASSWORD });
      assert.notEqual(web.cookies.get(SESSION), planted);
      const attacker = new WebClient(t);
      attacker.cookies.set(SESSION, planted);
      assert.equal((await attacker.get('/')).status, 303);
    });

    test('POST /users/sign_out ends the session on the server, clears the cookie and says so', async () => {
      const web = new WebClient(t);
      await web.signIn('root', ROOT_PASSWORD);
      const id = web.cookies.get(SESSION)!;
      await web.get('/');
      const res = await web.post('/users/sign_out', {});
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, '/users/sign_in?signed_out=1');
      assert.ok(res.setCookies.some((c) => c.startsWith(`${SESSION}=;`)));
      const page = await web.get(String(res.headers.location));
      assert.match(textOf(page.body), /You have been signed out\./);
      const replay = new WebClient(t);
      replay.cookies.set(SESSION, id);
      assert.equal((await replay.get('/')).status, 303);
    });

    test('POST /users/sign_out without the CSRF token is refused and the session lives on', async () => {
      const web = new WebClient(t);
      await web.signIn('root', ROOT_PASSWORD);
      await web.get('/');
      const res = await web.post('/users/sign_out', {}, { csrf: null });
      assert.equal(res.status, 403);
      assert.equal((await web.get('/')).status, 200);
    });

    test('a session expires a week after sign-in, not a millisecond earlier', async () => {
      t.clock.set('2026-11-29T12:00:00.000Z');
      const web = new WebClient(t);
      await web.signIn('root', ROOT_PASSWORD);
      t.clock.set('2026-12-06T11:59:59.999Z');
      assert.equal((await web.get('/')).status, 200);
      t.clock.set('2026-12-06T12:00:00.000Z');
      const expired = await web.get('/-/user_settings/personal_access_tokens');
      assert.equal(expired.status, 303);
      assert.equal(expired.headers.location, `/users/sign_in?redirect_to=${encodeURIComponent('/-/user_settings/personal_access_tokens')}`);
      t.clock.set('2026-11-29T12:00:00.000Z');
    });

    test('after sign-in the browser goes back to the page it asked for, but never to another site', async () => {
      await t.api('POST', '/projects', { body: { name: 'wanted' } });
      const web = new WebClient(t);
      const asked = await web.get('/root/wanted');
      assert.equal(asked.status, 303);
      assert.equal(asked.headers.location, '/users/sign_in?redirect_to=%2Froot%2Fwanted');
      const res = await web.signIn('root', ROOT_PASSWORD, '/root/wanted');
      assert.equal(res.headers.location, '/root/wanted');
      for (const target of ['//evil.example.com/x', 'https://evil.example.com/', '/\\evil.example.com']) {
        const other = await new WebClient(t).signIn('root', ROOT_PASSWORD, target);
        assert.equal(other.headers.location, '/', target);
      }
    });

    test('a signed-in user who opens the sign-in page goes to the dashboard', async () => {
      const web = new WebClient(t);
      await web.signIn('root', ROOT_PASSWORD);
      const res = await web.get('/users/sign_in');
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, '/');
    });

    test('no log line holds a password, a session id or a CSRF token', async () => {
      const web = new WebClient(t);
      await web.signIn('root', ROOT_PASSWORD);
      await web.get('/');
      const secrets = [ROOT_PASSWORD, web.cookies.get(SESSION)!, web.csrf];
      for (const secret of secrets) assert.ok(t.logs.every((line) => !line.includes(secret)), 'a log line holds a secret');
    });
  });

  describe(`web sign-in behind https and under the failed-auth ban (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect, { LATCHKEY_EXTERNAL_URL: 'https://git.example.com', LATCHKEY_AUTH_BAN_MAX_FAILURES: '3' });
    });
    after(() => t.close());

    test('the session cookie is Secure when LATCHKEY_EXTERNAL_URL is https', async () => {
      const res = await new WebClient(t).signIn('root', ROOT_PASSWORD);
      assert.match(sessionCookieLine(res.setCookies), /; Secure/);
    });

    test('failed sign-ins count toward the failed-auth ban: then even the right password is refused', async () => {
      for (let i = 0; i < 3; i++) {
        const res = await new WebClient(t).signIn('root', `wrong-${i}`);
        assert.equal(res.status, 401);
      }
      const banned = await new WebClient(t).signIn('root', ROOT_PASSWORD);
      assert.equal(banned.status, 403);
      assert.match(textOf(banned.body), /Too many failed sign-in attempts from your address\. Try again later\./);
      assert.ok(!banned.setCookies.some((c) => c.startsWith(`${SESSION}=`)));
      // The ban is the shared one: git over HTTP from the same address is refused too.
      await t.api('POST', '/projects', { body: { name: 'banned-repo' } });
      const git = await t.app.http.inject({
        method: 'GET',
        url: '/root/banned-repo.git/info/refs?service=git-upload-pack',
        headers: { authorization: `Basic ${Buffer.from(`root:${t.rootToken}`).toString('base64')}` },
      });
      assert.equal(git.statusCode, 403);
    });
  });
}
