import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { createProject, createProjectToken, type TestProject } from '../helpers/project-tokens.ts';
import { httpUrl, sshUrl } from '../git/git-cli.ts';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';
import { basic, grantedAccess, jwtAuth, UNAUTHORIZED_BODY } from '../registry/registry-helpers.ts';
import { textOf, WebClient } from '../web/web-client.ts';

const BODIES = {
  revoked: { error: 'invalid_token', error_description: 'Token was revoked. You have to re-authorize from the user.' },
  expired: { error: 'invalid_token', error_description: 'Token is expired. You can either do re-authorization or token refresh.' },
} as const;
const GIT_MESSAGES = { revoked: /remote: Token was revoked\./, expired: /remote: Token is expired\./ } as const;

interface Holder {
  what: string;
  login: string;
  token: string;
}

/**
 * A revoked and an expired token, a project bot's and a human's, on every transport: the API,
 * git over HTTP, git over SSH, the registry's /jwt/auth and the web sign-in form. Each is first
 * shown to work, then to be refused once dead. A token is never a web password, alive or dead.
 */
for (const dialect of DIALECTS) {
  describe(`a dead token is refused on every transport (${dialect})`, () => {
    let f: GitFixture;
    let project: TestProject;

    before(async () => {
      // A high threshold: this test fails many logins on purpose and must not be banned for it.
      f = await startGitFixture(dialect, { LATCHKEY_REGISTRY_URL: 'http://127.0.0.1:5000', LATCHKEY_AUTH_BAN_MAX_FAILURES: '1000' });
      project = await createProject(f.t, f.t.rootToken, 'vault');
      await f.seed(project.path);
    });
    after(() => f.close());

    async function holders(state: 'revoked' | 'expired'): Promise<Holder[]> {
      const expires_at = state === 'expired' ? '2026-12-01' : undefined;
      const bot = await createProjectToken(f.t, project.id, { name: `${state}-bot`, scopes: ['api'], access_level: 30, expires_at });
      const botLogin = (await f.t.api('GET', '/user', { token: bot.token })).body.username;
      const human = await f.t.createUser(`${state}-human`);
      await f.t.api('POST', `/projects/${project.id}/members`, { body: { user_id: human.id, access_level: 30 } });
      const personal = await f.t.api('POST', `/users/${human.id}/personal_access_tokens`, { body: { name: state, scopes: ['api'], expires_at } });
      return [
        { what: 'project access token', login: botLogin, token: bot.token },
        { what: 'personal access token', login: `${state}-human`, token: personal.body.token },
      ];
    }

    const transports = (holder: Holder) => ({
      api: () => f.t.api('GET', `/projects/${project.id}`, { token: holder.token }),
      http: () => f.cli.git(['ls-remote', httpUrl(f.baseUrl, project.path, holder.token)]),
      ssh: () => f.cli.git(['ls-remote', sshUrl(f.ssh.port, project.path)], { env: f.cli.sshEnv(f.ssh.port, { password: holder.token }) }),
      registry: () => jwtAuth(f.t, [`repository:${project.path}:pull`], basic(holder.token)),
      web: () => new WebClient(f.t).signIn(holder.login, holder.token),
    });

    async function assertAlive(holder: Holder): Promise<void> {
      const on = transports(holder);
      assert.equal((await on.api()).status, 200, holder.what);
      assert.equal((await on.http()).code, 0, holder.what);
      assert.equal((await on.ssh()).code, 0, holder.what);
      assert.deepEqual(await grantedAccess(f.t, await on.registry()), [{ type: 'repository', name: project.path, actions: ['pull'] }]);
      assert.equal((await on.web()).status, 401, `${holder.what}: a live token is not a web password either`);
    }

    async function assertDead(holder: Holder, state: 'revoked' | 'expired'): Promise<void> {
      const on = transports(holder);
      const label = `${state} ${holder.what}`;
      const api = await on.api();
      assert.equal(api.status, 401, label);
      assert.deepEqual(api.body, BODIES[state], label);
      const http = await on.http();
      assert.equal(http.code, 128, `${label} over HTTP: ${http.stderr}`);
      assert.match(http.stderr, GIT_MESSAGES[state], label);
      const ssh = await on.ssh();
      assert.notEqual(ssh.code, 0, `${label} over SSH`);
      assert.match(ssh.stderr, /Permission denied/, label);
      const registry = await on.registry();
      assert.equal(registry.status, 401, label);
      assert.deepEqual(registry.body, UNAUTHORIZED_BODY, label);
      const web = await on.web();
      assert.equal(web.status, 401, label);
      assert.match(textOf(web.body), /Invalid login or password\./, label);
      assert.ok(!web.setCookies.some((cookie) => cookie.startsWith('latchkey_session=')), label);
    }

    test('a revoked token: 401 "Token was revoked" on the API, refused by git over HTTP and SSH, /jwt/auth and the web sign-in', async () => {
      const [bot, human] = await holders('revoked');
      for (const holder of [bot!, human!]) await assertAlive(holder);
      const tokens = (await f.t.api('GET', `/projects/${project.id}/access_tokens?search=revoked-bot`)).body;
      assert.equal((await f.t.api('DELETE', `/projects/${project.id}/access_tokens/${tokens[0].id}`)).status, 204);
      assert.equal((await f.t.api('DELETE', '/personal_access_tokens/self', { token: human!.token })).status, 204);
      for (const holder of [bot!, human!]) await assertDead(holder, 'revoked');
    });

    test('an expired token: alive until 23:59:59 UTC the day before, then 401 "Token is expired" everywhere', async () => {
      const [bot, human] = await holders('expired');
      try {
        f.t.clock.set('2026-11-30T23:59:59.000Z');
        for (const holder of [bot!, human!]) await assertAlive(holder);
        f.t.clock.set('2026-12-01T00:00:00.000Z');
        for (const holder of [bot!, human!]) await assertDead(holder, 'expired');
      } finally {
        f.t.clock.set('2026-11-29T12:00:00.000Z');
      }
    });
  });
}
