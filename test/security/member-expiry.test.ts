import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { ROOT_PASSWORD } from '../helpers/test-app.ts';
import { createProject, createProjectToken, type TestProject } from '../helpers/project-tokens.ts';
import { httpUrl, sshUrl } from '../git/git-cli.ts';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';
import { basic, grantedAccess, jwtAuth } from '../registry/registry-helpers.ts';
import { inputValue, textOf, WebClient } from '../web/web-client.ts';

const PAST = { message: { expires_at: ['cannot be a date in the past'] } };
const NOT_FOUND = "remote: The project you were looking for could not be found or you don't have permission to view it.";
const START = '2026-11-29T12:00:00.000Z'; // the test clock's start: "today" is 2026-11-29

/** The table row of one user on the Members page. */
function rowOf(html: string, username: string): string | undefined {
  return new RegExp(`<tr data-username="${username}">([\\s\\S]*?)</tr>`).exec(html)?.[1];
}

/**
 * A member's expires_at (security review, High): a date of today or earlier is refused on the API
 * and the Members page, and a membership stops counting at 00:00 UTC on its date, on every
 * transport at once, although the read cache still holds it (no write happens at midnight).
 */
for (const dialect of DIALECTS) {
  describe(`a project member's expires_at (${dialect})`, () => {
    let f: GitFixture;
    let project: TestProject;

    before(async () => {
      f = await startGitFixture(dialect, { LATCHKEY_REGISTRY_URL: 'http://127.0.0.1:5000' });
      project = await createProject(f.t, f.t.rootToken, 'vault');
      await f.seed(project.path);
    });
    after(() => f.close());

    const members = (suffix = '') => `/projects/${project.id}/members${suffix}`;
    const epochs = () => f.t.app.deps.db.selectFrom('read_cache_epochs').select(['kind', 'value']).orderBy('kind').execute();

    test('POST and PUT /projects/:id/members refuse an expires_at of today or earlier with GitLab\'s 400; tomorrow is accepted', async () => {
      const late = await f.t.createUser('late');
      for (const expires_at of ['2020-01-01', '2026-11-28', '2026-11-29']) {
        const res = await f.t.api('POST', members(), { body: { user_id: late.id, access_level: 30, expires_at } });
        assert.equal(res.status, 400, expires_at);
        assert.deepEqual(res.body, PAST, expires_at);
      }
      assert.equal((await f.t.api('GET', members(`/${late.id}`))).status, 404, 'nothing was added');
      assert.equal((await f.t.api('GET', `/projects/${project.id}`, { token: late.token })).status, 404);

      const added = await f.t.api('POST', members(), { body: { user_id: late.id, access_level: 30, expires_at: '2026-11-30' } });
      assert.equal(added.status, 201);
      assert.equal(added.body.expires_at, '2026-11-30');

      for (const expires_at of ['2020-01-01', '2026-11-29']) {
        const res = await f.t.api('PUT', members(`/${late.id}`), { body: { access_level: 40, expires_at } });
        assert.equal(res.status, 400, expires_at);
        assert.deepEqual(res.body, PAST, expires_at);
      }
      const unchanged = await f.t.api('GET', members(`/${late.id}`));
      assert.deepEqual([unchanged.body.access_level, unchanged.body.expires_at], [30, '2026-11-30']);
      const extended = await f.t.api('PUT', members(`/${late.id}`), { body: { access_level: 40, expires_at: '2027-01-01' } });
      assert.deepEqual([extended.status, extended.body.access_level, extended.body.expires_at], [200, 40, '2027-01-01']);
    });

    test('the Members page\'s invite and edit forms refuse a past date with a readable message and change nothing', async () => {
      await f.t.createUser('invitee');
      const root = new WebClient(f.t);
      await root.signIn('root', ROOT_PASSWORD);
      const page = await root.get('/root/vault/-/project_members');
      assert.match(page.body, /<input id="member-expires-at" name="expires_at" type="date" value min="2026-11-30"/);

      const refused = await root.post('/root/vault/-/project_members', { username: 'invitee', access_level: '30', expires_at: '2026-11-29' });
      assert.equal(refused.status, 400);
      assert.match(textOf(refused.body), /Expires at cannot be a date in the past/);
      assert.equal(inputValue(refused.body, 'member-username'), 'invitee');
      assert.equal(inputValue(refused.body, 'member-expires-at'), '2026-11-29', 'what was typed is kept');
      assert.equal(rowOf(refused.body, 'invitee'), undefined, 'not added');

      const added = await root.post('/root/vault/-/project_members', { username: 'invitee', access_level: '30', expires_at: '2026-12-24' });
      assert.equal(added.status, 303);
      const listed = await root.get('/root/vault/-/project_members');
      const invitee = (await f.t.api('GET', '/users?username=invitee')).body[0];
      assert.match(rowOf(listed.body, 'invitee')!, new RegExp(`<input id="member-expires-at-${invitee.id}" name="expires_at" type="date" value="2026-12-24" min="2026-11-30"`));

      const edit = await root.post(`/root/vault/-/project_members/${invitee.id}`, { access_level: '40', expires_at: '2020-01-01' });
      assert.equal(edit.status, 400);
      assert.match(textOf(edit.body), /Expires at cannot be a date in the past/);
      const member = await f.t.api('GET', members(`/${invitee.id}`));
      assert.deepEqual([member.body.access_level, member.body.expires_at], [30, '2026-12-24']);

      const cleared = await root.post(`/root/vault/-/project_members/${invitee.id}`, { access_level: '40', expires_at: '' });
      assert.equal(cleared.status, 303);
      const after = await f.t.api('GET', members(`/${invitee.id}`));
      assert.deepEqual([after.body.access_level, after.body.expires_at], [40, null]);
    });

    test('a member whose expires_at arrives loses the API, git clone and push over HTTP and SSH, /jwt/auth and the web at 00:00 UTC exactly, although cached', async () => {
      const temp = await f.t.createUser('temp');
      const stays = await f.t.createUser('stays');
      assert.equal((await f.t.api('POST', members(), { body: { user_id: temp.id, access_level: 30, expires_at: '2026-12-01' } })).status, 201);
      assert.equal((await f.t.api('POST', members(), { body: { user_id: stays.id, access_level: 30 } })).status, 201);
      const bot = await createProjectToken(f.t, project.id, { name: 'forever', scopes: ['api'], access_level: 30 });
      const web = new WebClient(f.t);
      await web.signIn('temp', 'password-123');

      const on = {
        api: () => f.t.api('GET', `/projects/${project.id}`, { token: temp.token }),
        mine: async () => (await f.t.api('GET', '/projects?membership=true', { token: temp.token })).body.map((p: { id: number }) => p.id),
        clone: (token: string) => f.cli.git(['clone', '--quiet', httpUrl(f.baseUrl, project.path, token), f.cli.dir('clone')]),
        // A Developer pushes to a branch of their own: main is protected.
        push: (dir: string) => f.cli.git(['push', '--quiet', 'origin', 'HEAD:refs/heads/late'], { cwd: dir }),
        ssh: () => f.cli.git(['ls-remote', sshUrl(f.ssh.port, project.path)], { env: f.cli.sshEnv(f.ssh.port, { password: temp.token }) }),
        sshPush: (dir: string) =>
          f.cli.git(['push', '--quiet', sshUrl(f.ssh.port, project.path), 'HEAD:refs/heads/late'], { cwd: dir, env: f.cli.sshEnv(f.ssh.port, { password: temp.token }) }),
        registry: () => jwtAuth(f.t, [`repository:${project.path}:pull,push`], basic(temp.token)),
        web: () => web.get('/root/vault'),
      };
      const dir = f.cli.dir('work');
      try {
        f.t.clock.set('2026-11-30T23:59:59.999Z');
        assert.equal((await on.api()).status, 200);
        assert.ok((await on.mine()).includes(project.id));
        assert.equal((await f.cli.git(['clone', '--quiet', httpUrl(f.baseUrl, project.path, temp.token), dir])).code, 0);
        await f.cli.commit(dir, { 'late.txt': 'before midnight\n' }, 'Before midnight');
        const pushed = await on.push(dir);
        assert.equal(pushed.code, 0, pushed.stderr);
        assert.equal((await on.ssh()).code, 0);
        await f.cli.commit(dir, { 'late.txt': 'before midnight, over SSH\n' }, 'Before midnight, over SSH');
        const sshPushed = await on.sshPush(dir);
        assert.equal(sshPushed.code, 0, sshPushed.stderr);
        assert.deepEqual(await grantedAccess(f.t, await on.registry()), [{ type: 'repository', name: project.path, actions: ['pull', 'push'] }]);
        assert.equal((await on.web()).status, 200);
        assert.ok((await f.t.api('GET', members())).body.some((m: { id: number }) => m.id === temp.id));
        const epochsBefore = await epochs();

        f.t.clock.set('2026-12-01T00:00:00.000Z');
        const api = await on.api();
        assert.deepEqual([api.status, api.body], [404, { message: '404 Project Not Found' }]);
        assert.equal((await on.mine()).includes(project.id), false);
        const clone = await on.clone(temp.token);
        assert.equal(clone.code, 128);
        assert.ok(clone.stderr.includes(NOT_FOUND), clone.stderr);
        await f.cli.commit(dir, { 'late.txt': 'after midnight\n' }, 'After midnight');
        const push = await on.push(dir);
        assert.notEqual(push.code, 0);
        assert.ok(push.stderr.includes(NOT_FOUND), push.stderr);
        const ssh = await on.ssh();
        assert.equal(ssh.code, 128);
        assert.ok(ssh.stderr.includes(NOT_FOUND), ssh.stderr);
        const sshPush = await on.sshPush(dir);
        assert.notEqual(sshPush.code, 0);
        assert.ok(sshPush.stderr.includes(NOT_FOUND), sshPush.stderr);
        assert.deepEqual(await grantedAccess(f.t, await on.registry()), []);
        const page = await on.web();
        assert.equal(page.status, 404);
        assert.match(textOf(page.body), /Page not found/);
        // Nothing was written at midnight: the cached membership is still there, and no longer counts.
        assert.deepEqual(await epochs(), epochsBefore);

        // Expired members are no longer listed (GitLab removes them); the others keep their access.
        const listed = (await f.t.api('GET', members())).body.map((m: { id: number }) => m.id);
        const all = (await f.t.api('GET', members('/all'))).body.map((m: { id: number }) => m.id);
        for (const ids of [listed, all]) {
          assert.equal(ids.includes(temp.id), false);
          assert.ok(ids.includes(stays.id) && ids.includes(bot.userId));
        }
        assert.equal((await f.t.api('GET', members(`/${temp.id}`))).status, 404);
        for (const token of [stays.token, bot.token]) assert.equal((await on.clone(token)).code, 0);

        // Invited again, they are a member again.
        const again = await f.t.api('POST', members(), { body: { user_id: temp.id, access_level: 20, expires_at: '2026-12-02' } });
        assert.deepEqual([again.status, again.body.access_level, again.body.expires_at], [201, 20, '2026-12-02']);
        assert.equal((await on.api()).status, 200);
      } finally {
        f.t.clock.set(START);
      }
    });
  });
}
