import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GIT_PROJECT_NOT_FOUND } from '../../src/services/repository/authorize-git-access.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { bad, createProject, createProjectToken, ids, type CreatedProjectToken, type TestProject } from '../helpers/project-tokens.ts';
import { httpUrl, sshUrl } from '../git/git-cli.ts';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';
import { grantedAccess, jwtAuth, basic } from '../registry/registry-helpers.ts';
import { routesOf, snapshot } from './routes.ts';
import { ed25519KeyPair } from '../helpers/ssh-keys.ts';

/**
 * The strongest bot there is (api scope, Owner of its project) attacks: it mints no token, makes
 * no project or user, joins no other project, and sees nothing of another private project on
 * any transport. (The basics are also in test/api/project-bots.test.ts; this is the attack view.)
 */
for (const dialect of DIALECTS) {
  describe(`a project bot's token cannot escape its project (${dialect})`, () => {
    let f: GitFixture;
    let home: TestProject;
    let secret: TestProject;
    let open: TestProject;
    let bot: CreatedProjectToken;
    let sibling: CreatedProjectToken;
    let secretToken: CreatedProjectToken;
    let secretIssueIid: number;

    before(async () => {
      f = await startGitFixture(dialect, { LATCHKEY_REGISTRY_URL: 'http://127.0.0.1:5000' });
      const t = f.t;
      home = await createProject(t, t.rootToken, 'home');
      const victim = await t.createUser('victim');
      secret = await createProject(t, victim.token, 'secret');
      await f.seed(secret.path);
      open = await createProject(t, t.rootToken, 'open', 'public');
      bot = await createProjectToken(t, home.id, { name: 'strongest', scopes: ['api'], access_level: 50 });
      sibling = await createProjectToken(t, home.id, { name: 'sibling', scopes: ['read_api'], access_level: 30 });
      secretToken = await createProjectToken(t, secret.id, { name: 'secret-bot', scopes: ['api'], access_level: 30 });
      secretIssueIid = (await t.api('POST', `/projects/${secret.id}/issues`, { token: victim.token, body: { title: 'private plans' } })).body.iid;
    });
    after(() => f.close());

    const as = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown) => f.t.api(method, url, { token: bot.token, body });

    test('creates and rotates no token, on its own project, an open one or a hidden one', async () => {
      const before = await snapshot(f.t.app.deps.db, ['audit_events']);
      const mint = { name: 'minted', scopes: ['api'], access_level: 50 };
      const own = await as('POST', `/projects/${home.id}/access_tokens`, mint);
      assert.deepEqual([own.status, own.body], [400, bad('User does not have permission to create project access token')]);
      const openMint = await as('POST', `/projects/${open.id}/access_tokens`, mint);
      assert.deepEqual([openMint.status, openMint.body], [400, bad('User does not have permission to create project access token')]);
      assert.equal((await as('POST', `/projects/${secret.id}/access_tokens`, mint)).status, 404);
      assert.equal((await as('POST', `/projects/${home.id}/access_tokens/${sibling.id}/rotate`)).status, 401);
      assert.equal((await as('POST', `/projects/${secret.id}/access_tokens/${secretToken.id}/rotate`)).status, 404);
      assert.equal((await as('POST', `/projects/${secret.id}/access_tokens/self/rotate`)).status, 404);
      assert.equal(await snapshot(f.t.app.deps.db, ['audit_events']), before, 'something besides audit events was written');
      // The attempts are on record, by the bot.
      const failed = await f.t.api('GET', `/projects/${home.id}/audit_events`);
      assert.ok(failed.body.some((e: { author_id: number; event_name: string }) => e.author_id === bot.userId && e.event_name === 'project_access_token_creation_failed'));
      assert.equal((await f.t.api('GET', '/user', { token: sibling.token })).status, 200, 'the sibling token still works');
    });

    test('creates no project, user, personal access token or SSH key', async () => {
      const before = await snapshot(f.t.app.deps.db);
      const me = (await as('GET', '/user')).body;
      assert.equal(me.bot, true);
      assert.equal((await as('POST', '/projects', { name: 'bot-made' })).status, 403);
      assert.equal((await as('POST', '/users', { username: 'botling', email: 'b@example.com', name: 'b', password: 'password-123' })).status, 403);
      assert.equal((await as('POST', `/users/${me.id}/personal_access_tokens`, { name: 'own', scopes: ['api'] })).status, 403);
      const key = await as('POST', '/user/keys', { title: 'bot key', key: ed25519KeyPair().public });
      assert.ok(key.status === 400 || key.status === 403, `POST /user/keys: ${key.status}`);
      assert.equal(await snapshot(f.t.app.deps.db), before, 'something was written');
    });

    test('joins no other project: not by adding itself, not by being added, not by adding another bot home', async () => {
      const me = (await as('GET', '/user')).body;
      assert.equal((await as('POST', `/projects/${secret.id}/members`, { user_id: me.id, access_level: 50 })).status, 404);
      assert.equal((await as('POST', `/projects/${open.id}/members`, { user_id: me.id, access_level: 50 })).status, 403);
      const added = await f.t.api('POST', `/projects/${open.id}/members`, { body: { user_id: me.id, access_level: 10 } });
      assert.equal(added.status, 400, 'even the admin cannot add it elsewhere');
      const imported = await as('POST', `/projects/${home.id}/members`, { user_id: secretToken.userId, access_level: 50 });
      assert.equal(imported.status, 400, "another project's bot cannot be brought in either");
      const memberships = await f.t.app.deps.db.selectFrom('members').select('project_id').where('user_id', 'in', [me.id, secretToken.userId]).execute();
      assert.deepEqual(memberships.map((m) => m.project_id).sort(), [home.id, secret.id].sort());
      assert.equal(ids(await f.t.api('GET', `/projects/${open.id}/members`)).includes(me.id), false);
    });

    test('every API GET route of another private project answers 404, as for a missing project', async () => {
      const routes = routesOf(f.t.app.http, 'GET').filter((route) => route.startsWith('/api/v4/projects/:id'));
      assert.ok(routes.length >= 15, `only ${routes.length} project GET routes:\n${routes.join('\n')}`);
      const fill = (route: string, projectId: number) =>
        route
          .replace(':id', String(projectId))
          .replace(':iid', String(secretIssueIid))
          .replace(':token_id', String(secretToken.id))
          .replace(':user_id', String(secretToken.userId))
          .replace(':branch', 'main')
          .replace(':file_path', 'README.md')
          .replace(':repository_id', '1')
          .replace(':tag_name', 'latest')
          .replace(':format', 'zip')
          .replace(/:[a-z_]+/g, '1');
      for (const route of routes) {
        // Required parameters given (a missing one is a 400 before any project is looked up, as in GitLab).
        const query = route.endsWith('/raw') || route.endsWith('/files/:file_path') ? '?ref=main' : route.endsWith('/compare') ? '?from=main&to=main' : '';
        const url = `${fill(route, secret.id)}${query}`;
        const res = await f.t.api('GET', url, { token: bot.token });
        assert.equal(res.status, 404, `${url}: ${JSON.stringify(res.body)}`);
        assert.deepEqual(res.body, { message: '404 Project Not Found' }, url);
        // The owner of the project can read it: the 404 is the bot's alone.
        const owner = await f.t.api('GET', url);
        assert.notEqual(owner.body?.message, '404 Project Not Found', `${url} is readable by the admin`);
      }
      assert.equal((await as('GET', `/projects?search=secret`)).body.length, 0, 'listed in GET /projects');
    });

    test('clones and pushes nothing of it over git HTTP or SSH: "not found", like a missing project', async () => {
      for (const transport of ['http', 'ssh'] as const) {
        const env = transport === 'ssh' ? f.cli.sshEnv(f.ssh.port, { password: bot.token }) : {};
        const url = transport === 'ssh' ? sshUrl(f.ssh.port, secret.path) : httpUrl(f.baseUrl, secret.path, bot.token);
        const clone = await f.cli.git(['clone', url, f.cli.dir('stolen')], { env });
        assert.equal(clone.code, 128, `${transport} clone: ${clone.stderr}`);
        assert.ok(clone.stderr.includes(GIT_PROJECT_NOT_FOUND), clone.stderr);
        const source = f.cli.dir('planted');
        await f.cli.git(['init', '--quiet', source]);
        await f.cli.commit(source, { 'evil.txt': 'planted\n' }, 'planted');
        const push = await f.cli.git(['push', url, 'HEAD:refs/heads/planted'], { cwd: source, env });
        assert.equal(push.code, 128, `${transport} push: ${push.stderr}`);
        assert.ok(push.stderr.includes(GIT_PROJECT_NOT_FOUND), push.stderr);
      }
      const branches = await f.t.api('GET', `/projects/${secret.id}/repository/branches`);
      assert.deepEqual(branches.body.map((b: { name: string }) => b.name), ['main']);
    });

    test('GET /jwt/auth grants it nothing on the other project, whatever it asks', async () => {
      const res = await jwtAuth(f.t, [`repository:${secret.path}:pull,push,delete,*`, `repository:${secret.path}/image:pull,push`], basic(bot.token));
      assert.deepEqual(await grantedAccess(f.t, res), []);
      const own = await jwtAuth(f.t, [`repository:${home.path}:pull,push`], basic(bot.token));
      assert.deepEqual(await grantedAccess(f.t, own), [{ type: 'repository', name: home.path, actions: ['pull', 'push'] }]);
    });
  });
}
