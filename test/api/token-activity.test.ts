import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { pruneTokenActivity } from '../../src/services/tokens/prune-token-activity.ts';
import { createPersonalAccessToken } from '../../src/services/tokens/create-personal-access-token.ts';
import { bootstrapRoot } from '../../src/services/users/bootstrap-instance.ts';
import { findUserByUsername } from '../../src/db/repositories/users.ts';
import { createTestDatabase, DIALECTS } from '../helpers/databases.ts';
import { addMember, createProject, createProjectToken, type CreatedProjectToken, type TestProject } from '../helpers/project-tokens.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const ENTITY_KEYS = ['action', 'created_at', 'id', 'ip_address', 'status', 'token_id', 'transport', 'user_agent'];
const DAY_MS = 24 * 60 * 60 * 1000;

for (const dialect of DIALECTS) {
  describe(`token activity API (${dialect})`, () => {
    let t: TestApp;
    let project: TestProject;
    let other: TestProject;
    let bot: CreatedProjectToken;
    let reader: CreatedProjectToken;
    let developer: { id: number; token: string };
    let maintainer: { id: number; token: string };

    /** The activity of a project token, as root reads it (after the buffer was written). */
    const activity = async (tokenId: number, query = '', token?: string) => {
      await t.app.deps.tokenActivity.flush();
      return t.api('GET', `/projects/${project.id}/access_tokens/${tokenId}/activity${query}`, { token });
    };

    before(async () => {
      t = await startTestApp(dialect);
      project = await createProject(t, t.rootToken, 'activity-home');
      other = await createProject(t, t.rootToken, 'activity-other');
      developer = await t.createUser('dev');
      maintainer = await t.createUser('maintainer');
      await addMember(t, project.id, developer.id, 30);
      await addMember(t, project.id, maintainer.id, 40);
      bot = await createProjectToken(t, project.id, { name: 'ci', scopes: ['api'], access_level: 30 });
      reader = await createProjectToken(t, project.id, { name: 'reader', scopes: ['read_api'], access_level: 30 });
    });
    after(() => t.close());

    test('GET /projects/:id/issues with a project token is recorded as the route template, with its status, address and user agent', async () => {
      const res = await t.api('GET', `/projects/${encodeURIComponent(project.path)}/issues?state=opened&labels=secret`, {
        token: bot.token,
        headers: { 'user-agent': 'python-gitlab/3.12.0' },
      });
      assert.equal(res.status, 200);
      const listed = await activity(bot.id);
      assert.equal(listed.status, 200, JSON.stringify(listed.body));
      const [row] = listed.body;
      assert.deepEqual(Object.keys(row).sort(), ENTITY_KEYS);
      assert.deepEqual(
        { ...row, id: 0 },
        {
          id: 0,
          token_id: bot.id,
          created_at: t.clock.now().toISOString(),
          transport: 'api',
          action: 'GET /api/v4/projects/:id/issues',
          status: 200,
          ip_address: '127.0.0.1',
          user_agent: 'python-gitlab/3.12.0',
        },
      );
    });

    test('refused uses of a valid token are recorded: 403 insufficient_scope and 404 for a project it cannot see', async () => {
      const denied = await t.api('POST', `/projects/${project.id}/issues`, { token: reader.token, body: { title: 'nope' } });
      assert.equal(denied.status, 403);
      t.clock.advance(1000);
      const hidden = await t.api('GET', `/projects/${other.id}`, { token: reader.token });
      assert.equal(hidden.status, 404);
      const listed = await activity(reader.id);
      assert.deepEqual(
        listed.body.map((row: { action: string; status: number }) => [row.action, row.status]),
        [
          ['GET /api/v4/projects/:id', 404],
          ['POST /api/v4/projects/:id/issues', 403],
        ],
      );
    });

    test('a long user agent is cut to 512 characters', async () => {
      const fresh = await createProjectToken(t, project.id, { name: 'agent', scopes: ['read_api'], access_level: 20 });
      await t.api('GET', `/projects/${project.id}`, { token: fresh.token, headers: { 'user-agent': 'x'.repeat(2000) } });
      const [row] = (await activity(fresh.id)).body;
      assert.equal(row.user_agent, 'x'.repeat(512));
    });

    test('a revoked token is not recorded: it is no use of a token', async () => {
      const doomed = await createProjectToken(t, project.id, { name: 'doomed', scopes: ['api'], access_level: 20 });
      assert.equal((await t.api('GET', `/projects/${project.id}`, { token: doomed.token })).status, 200);
      assert.equal((await t.api('DELETE', `/projects/${project.id}/access_tokens/${doomed.id}`)).status, 204);
      assert.equal((await t.api('GET', `/projects/${project.id}`, { token: doomed.token })).status, 401);
      const listed = await activity(doomed.id);
      assert.deepEqual(
        listed.body.map((row: { status: number }) => row.status),
        [200],
      );
    });

    test('newest first, paginated with X-Total, X-Next-Page and Link', async () => {
      const busy = await createProjectToken(t, project.id, { name: 'busy', scopes: ['api'], access_level: 30 });
      for (const path of ['', '/issues', '/labels', '/members', '/events']) {
        t.clock.advance(1000);
        await t.api('GET', `/projects/${project.id}${path}`, { token: busy.token });
      }
      const first = await activity(busy.id, '?per_page=2');
      assert.equal(first.status, 200);
      assert.equal(first.headers['x-total'], '5');
      assert.equal(first.headers['x-next-page'], '2');
      assert.match(String(first.headers.link), /rel="next"/);
      assert.deepEqual(
        first.body.map((row: { action: string }) => row.action),
        ['GET /api/v4/projects/:id/events', 'GET /api/v4/projects/:id/members'],
      );
      const last = await activity(busy.id, '?per_page=2&page=3');
      assert.deepEqual(
        last.body.map((row: { action: string }) => row.action),
        ['GET /api/v4/projects/:id'],
      );
    });

    test('filters: since (ISO 8601) and transport; anything else is 400', async () => {
      const filtered = await createProjectToken(t, project.id, { name: 'filtered', scopes: ['api'], access_level: 30 });
      await t.api('GET', `/projects/${project.id}/labels`, { token: filtered.token });
      t.clock.advance(60_000);
      const since = t.clock.now().toISOString();
      await t.api('GET', `/projects/${project.id}/issues`, { token: filtered.token });
      assert.deepEqual(
        (await activity(filtered.id, `?since=${encodeURIComponent(since)}`)).body.map((row: { action: string }) => row.action),
        ['GET /api/v4/projects/:id/issues'],
      );
      assert.equal((await activity(filtered.id, '?transport=api')).body.length, 2);
      assert.deepEqual((await activity(filtered.id, '?transport=git_http')).body, []);
      const badSince = await activity(filtered.id, '?since=yesterday');
      assert.equal(badSince.status, 400);
      assert.deepEqual(badSince.body, { error: 'since is invalid' });
      const badTransport = await activity(filtered.id, '?transport=web');
      assert.equal(badTransport.status, 400);
      assert.deepEqual(badTransport.body, { error: 'transport does not have a valid value' });
    });

    test('a Maintainer reads it; a Developer is refused as for the token list; a token of another project is 404', async () => {
      assert.equal((await activity(bot.id, '', maintainer.token)).status, 200);
      const list = await t.api('GET', `/projects/${project.id}/access_tokens`, { token: developer.token });
      const refused = await activity(bot.id, '', developer.token);
      assert.notEqual(refused.status, 200);
      assert.deepEqual([refused.status, refused.body], [list.status, list.body]);
      const elsewhere = await createProjectToken(t, other.id, { name: 'elsewhere', scopes: ['api'], access_level: 30 });
      const missing = await activity(elsewhere.id);
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.body, { message: `404 Could not find project access token with token_id: ${elsewhere.id} Not Found` });
      const outsider = await t.createUser('outsider');
      assert.equal((await activity(bot.id, '', outsider.token)).status, 404);
    });

    test('GET /personal_access_tokens/:token_id/activity: the owner reads their own, another user is refused', async () => {
      const user = await t.createUser('pat-owner');
      await t.api('GET', '/user', { token: user.token });
      await t.app.deps.tokenActivity.flush();
      const own = await t.api('GET', '/personal_access_tokens', { token: user.token });
      const tokenId = own.body[0].id;
      const listed = await t.api('GET', `/personal_access_tokens/${tokenId}/activity`, { token: user.token });
      assert.equal(listed.status, 200);
      assert.deepEqual(
        listed.body.map((row: { action: string; transport: string }) => [row.action, row.transport]).slice(-1),
        [['GET /api/v4/user', 'api']],
      );
      const nosy = await t.createUser('nosy');
      const refused = await t.api('GET', `/personal_access_tokens/${tokenId}/activity`, { token: nosy.token });
      assert.equal(refused.status, 401);
      assert.equal((await t.api('GET', `/personal_access_tokens/${tokenId}/activity`)).status, 200);
    });

    test('retention: uses older than LATCHKEY_TOKEN_ACTIVITY_DAYS are pruned in batches, newer ones stay', async () => {
      const aged = await createProjectToken(t, project.id, { name: 'aged', scopes: ['api'], access_level: 30 });
      for (let i = 0; i < 5; i += 1) await t.api('GET', `/projects/${project.id}`, { token: aged.token });
      await t.app.deps.tokenActivity.flush();
      t.clock.advance(t.config.tokenActivityDays * DAY_MS + 1000);
      await t.api('GET', `/projects/${project.id}/issues`, { token: aged.token });
      await t.app.deps.tokenActivity.flush();
      assert.equal((await activity(aged.id)).body.length, 6);
      const removed = await pruneTokenActivity(t.app.deps, { batch: 2 });
      assert.ok(removed >= 5, `removed ${removed}`);
      assert.deepEqual(
        (await activity(aged.id)).body.map((row: { action: string }) => row.action),
        ['GET /api/v4/projects/:id/issues'],
      );
    });
  });

  describe(`token activity across a restart (${dialect})`, () => {
    test('what was recorded before close() is written by it and listed after a restart; LATCHKEY_TOKEN_ACTIVITY_DAYS=0 records nothing', async () => {
      const database = await createTestDatabase(dialect);
      try {
        const open = async (days: string) => {
          const config: Config = {
            ...loadConfig({ LATCHKEY_DATA_DIR: database.dataDir, LATCHKEY_LOG_LEVEL: 'silent', LATCHKEY_TOKEN_ACTIVITY_DAYS: days }),
            database: database.database,
          };
          return buildApp(config, { log: createLogger('silent') });
        };
        const request = (app: Awaited<ReturnType<typeof open>>, token: string, url: string) =>
          app.http.inject({ method: 'GET', url: `/api/v4${url}`, headers: { 'private-token': token } });

        let app = await open('90');
        await bootstrapRoot(app.deps);
        const root = (await findUserByUsername(app.deps.db, 'root'))!;
        const made = await createPersonalAccessToken(app.deps, 'system', { userId: root.id, name: 'root', description: null, scopes: ['api'], expiresAt: null });
        assert.equal((await request(app, made.plain, '/user')).statusCode, 200);
        await app.close(); // nothing flushed it before: close() does

        app = await open('0');
        assert.equal((await request(app, made.plain, '/version')).statusCode, 200);
        await app.close();

        app = await open('90');
        const listed = await request(app, made.plain, `/personal_access_tokens/${made.token.id}/activity`);
        assert.equal(listed.statusCode, 200);
        assert.deepEqual(
          (JSON.parse(listed.body) as { action: string }[]).map((row) => row.action),
          ['GET /api/v4/user'],
        );
        await app.close();
      } finally {
        await database.drop();
      }
    });
  });
}

