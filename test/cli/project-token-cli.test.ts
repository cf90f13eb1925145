import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { createProject, createProjectToken, type TestProject } from '../helpers/project-tokens.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { runBin, runCli, type Finished } from './server-process.ts';

// `latchkey project-token create|list|revoke|rotate` and `latchkey tokens cleanup`, run as the real
// command against the database of a running test app: `create` as users run it (bin/latchkey.js),
// the others compiled once per run (test/helpers/compiled-cli.ts).

function latchkey(t: TestApp, args: string[], run = runCli): Promise<Finished> {
  return run(args, {
    LATCHKEY_DATA_DIR: t.config.dataDir, // the SQLite file and the instance secret live here
    ...(t.config.database.dialect === 'postgres' && { LATCHKEY_DATABASE_URL: t.config.database.url }),
  });
}

for (const dialect of DIALECTS) {
  describe(`latchkey project-token and tokens cleanup (${dialect})`, () => {
    let t: TestApp;
    let project: TestProject;
    let cliToken: { id: number; token: string; userId: number };

    before(async () => {
      t = await startTestApp(dialect);
      project = await createProject(t, t.rootToken, 'cli-project');
    });
    after(() => t.close());

    test('project-token create prints only the token, which authenticates as a new bot of the project', async () => {
      const res = await latchkey(t, [
        'project-token', 'create', '--project', project.path, '--name', 'cli bot',
        '--scopes', 'read_api,read_repository', '--access-level', '30', '--expires-at', '2027-01-01', '--description', 'made by the CLI',
      ], runBin);
      assert.equal(res.code, 0, res.stderr);
      const lines = res.stdout.trim().split('\n');
      assert.equal(lines.length, 1);
      assert.match(lines[0]!, /^glpat-[A-Za-z0-9_-]{20,}$/);
      const self = await t.api('GET', '/personal_access_tokens/self', { token: lines[0]! });
      assert.equal(self.status, 200);
      assert.deepEqual(
        [self.body.name, self.body.scopes, self.body.access_level, self.body.expires_at, self.body.description],
        ['cli bot', ['read_api', 'read_repository'], 30, '2027-01-01', 'made by the CLI'],
      );
      const me = await t.api('GET', '/user', { token: lines[0]! });
      assert.match(me.body.username, new RegExp(`^project_${project.id}_bot_[0-9a-f]{16}$`));
      cliToken = { id: self.body.id, token: lines[0]!, userId: me.body.id };
      const audit = await t.api('GET', `/projects/${project.id}/audit_events`);
      assert.equal(audit.body[0].event_name, 'project_access_token_created');
      assert.deepEqual([audit.body[0].details.author_name, audit.body[0].details.ip_address], ['Administrator', null]);
    });

    test('project-token list prints a table, and with --json the API\'s token entities without secrets', async () => {
      const [table, json] = await Promise.all([
        latchkey(t, ['project-token', 'list', '--project', String(project.id)]),
        latchkey(t, ['project-token', 'list', '--project', project.path, '--json', '--state', 'active']),
      ]);
      assert.equal(table.code, 0, table.stderr);
      const [header, ...rows] = table.stdout.trim().split('\n');
      assert.match(header!, /^ID\s+NAME\s+ROLE\s+SCOPES\s+EXPIRES\s+STATE\s+LAST USED$/);
      assert.ok(rows.some((row) => new RegExp(`^${cliToken.id}\\s+cli bot\\s+Developer\\s+read_api,read_repository\\s+2027-01-01\\s+active`).test(row)), table.stdout);
      assert.equal(json.code, 0, json.stderr);
      const tokens = JSON.parse(json.stdout) as { id: number; token?: string }[];
      assert.ok(tokens.every((token) => token.token === undefined));
      // The same entity as the API's, key for key.
      const api = await t.api('GET', `/projects/${project.id}/access_tokens/${cliToken.id}`);
      assert.deepEqual(tokens.find((token) => token.id === cliToken.id), api.body);
      assert.equal(json.stdout.includes(cliToken.token), false);
    });

    test('project-token rotate prints the new token; the old one is revoked', async () => {
      const res = await latchkey(t, ['project-token', 'rotate', '--project', project.path, '--id', String(cliToken.id), '--expires-at', '2027-02-01']);
      assert.equal(res.code, 0, res.stderr);
      const fresh = res.stdout.trim();
      assert.match(fresh, /^glpat-/);
      const self = await t.api('GET', '/personal_access_tokens/self', { token: fresh });
      assert.deepEqual([self.body.expires_at, self.body.user_id], ['2027-02-01', cliToken.userId]);
      // Presenting the old token now would be reuse (it revokes the new one too): read its state instead.
      const old = await t.api('GET', `/projects/${project.id}/access_tokens/${cliToken.id}`);
      assert.deepEqual([old.body.revoked, old.body.active], [true, false]);
      cliToken = { ...cliToken, id: self.body.id, token: fresh };
    });

    test('project-token revoke revokes the token and removes its bot', async () => {
      const res = await latchkey(t, ['project-token', 'revoke', '--project', project.path, '--id', String(cliToken.id)]);
      assert.equal(res.code, 0, res.stderr);
      assert.equal(res.stdout, '');
      assert.match(res.stderr, new RegExp(`revoked project access token ${cliToken.id}`));
      assert.equal((await t.api('GET', '/user', { token: cliToken.token })).status, 401);
      assert.equal((await t.api('GET', `/users/${cliToken.userId}`)).status, 404);
      const again = await latchkey(t, ['project-token', 'revoke', '--project', project.path, '--id', String(cliToken.id)]);
      assert.equal(again.code, 1);
      assert.match(again.stderr, new RegExp(`Could not find project access token with token_id: ${cliToken.id}`));
    });

    test('refusals: usage errors exit 64, service refusals exit 1 with the reason, and nothing is created', async () => {
      const before = (await t.api('GET', `/projects/${project.id}/access_tokens`)).body.length;
      await t.createUser('not-an-admin');
      // Independent invocations, run side by side.
      const [usage, missing, scopes, dead, notAdmin, noProject] = await Promise.all([
        latchkey(t, ['project-token', 'create', '--project', project.path, '--name', 'x', '--scopes', 'api', '--access-level', '60']),
        latchkey(t, ['project-token', 'create', '--name', 'x', '--scopes', 'api']),
        latchkey(t, ['project-token', 'create', '--project', project.path, '--name', 'x', '--scopes', 'read_user']),
        latchkey(t, ['project-token', 'create', '--project', project.path, '--name', 'x', '--scopes', 'api', '--expires-at', '2000-01-01']),
        latchkey(t, ['project-token', 'list', '--project', project.path, '--as', 'not-an-admin']),
        latchkey(t, ['project-token', 'list', '--project', 'nobody/nothing']),
      ]);
      assert.equal(usage.code, 64);
      assert.match(usage.stderr, /--access-level must be one of/);
      assert.equal(missing.code, 64);
      assert.match(missing.stderr, /--project is required/);
      assert.equal(scopes.code, 1);
      assert.match(scopes.stderr, /Scopes can only contain available scopes/);
      assert.equal(dead.code, 1);
      assert.match(dead.stderr, /would be expired on arrival/);
      assert.equal(notAdmin.code, 64);
      assert.match(notAdmin.stderr, /--as must name an admin user/);
      assert.equal(noProject.code, 1);
      assert.match(noProject.stderr, /Project Not Found/);
      assert.equal((await t.api('GET', `/projects/${project.id}/access_tokens`)).body.length, before);
    });

    test('tokens cleanup removes the bots of tokens that expired long ago and says how many', async () => {
      // Made while the test clock stood in 2020, so the command (on the real clock) finds it long expired.
      t.clock.set('2020-01-01T12:00:00.000Z');
      const old = await createProjectToken(t, project.id, { name: 'ancient', expires_at: '2020-01-10' });
      t.clock.set('2026-11-29T12:00:00.000Z');
      const keeper = await createProjectToken(t, project.id, { name: 'current' });
      const res = await latchkey(t, ['tokens', 'cleanup']);
      assert.equal(res.code, 0, res.stderr);
      assert.equal(res.stdout.trim(), 'removed 1 bot user of expired project access tokens (retention: 30 days)');
      assert.equal((await t.api('GET', `/users/${old.userId}`)).status, 404);
      assert.equal((await t.api('GET', '/user', { token: keeper.token })).status, 200);
      const again = await latchkey(t, ['tokens', 'cleanup']);
      assert.equal(again.stdout.trim(), 'removed 0 bot users of expired project access tokens (retention: 30 days)');
    });
  });
}
