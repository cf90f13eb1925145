import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { runBin, runCli, type Finished } from './server-process.ts';

// `latchkey group-token create|list|rotate|revoke`, run as the real command against the database of
// a running test app: `create` as users run it (bin/latchkey.js), the others compiled once per run
// (test/helpers/compiled-cli.ts).

function latchkey(t: TestApp, args: string[], run = runCli): Promise<Finished> {
  return run(args, {
    LATCHKEY_DATA_DIR: t.config.dataDir,
    ...(t.config.database.dialect === 'postgres' && { LATCHKEY_DATABASE_URL: t.config.database.url }),
  });
}

for (const dialect of DIALECTS) {
  describe(`latchkey group-token (${dialect})`, () => {
    let t: TestApp;
    let group: { id: number };
    let sub: { id: number };
    let project: { id: number };

    before(async () => {
      t = await startTestApp(dialect);
      group = (await t.api('POST', '/groups', { body: { name: 'Platform', path: 'platform' } })).body;
      sub = (await t.api('POST', '/groups', { body: { name: 'Libs', path: 'libs', parent_id: group.id } })).body;
      project = (await t.api('POST', '/projects', { body: { name: 'util', namespace_id: sub.id } })).body;
    });
    after(() => t.close());

    test('create prints only the token; list, rotate and revoke act on it as the API does', async () => {
      const made = await latchkey(t, ['group-token', 'create', '--group', 'platform', '--name', 'cli bot', '--scopes', 'read_api', '--access-level', '20', '--expires-at', '2027-01-01'], runBin);
      assert.equal(made.code, 0, made.stderr);
      const token = made.stdout.trim();
      assert.match(token, /^glpat-[A-Za-z0-9_-]{20,}$/);
      assert.equal((await t.api('GET', `/projects/${project.id}`, { token })).status, 200, 'the bot reaches a project of a subgroup');
      const me = await t.api('GET', '/user', { token });
      assert.match(me.body.username, new RegExp(`^group_${group.id}_bot_[0-9a-f]{16}$`));
      const self = await t.api('GET', '/personal_access_tokens/self', { token });

      const listed = await latchkey(t, ['group-token', 'list', '--group', String(group.id), '--json']);
      assert.equal(listed.code, 0, listed.stderr);
      const tokens = JSON.parse(listed.stdout) as { id: number }[];
      const api = await t.api('GET', `/groups/${group.id}/access_tokens/${self.body.id}`);
      assert.deepEqual(tokens.find((tk) => tk.id === self.body.id), api.body);
      assert.equal(listed.stdout.includes(token), false);

      const rotated = await latchkey(t, ['group-token', 'rotate', '--group', 'platform', '--id', String(self.body.id), '--expires-at', '2027-02-01']);
      assert.equal(rotated.code, 0, rotated.stderr);
      const fresh = rotated.stdout.trim();
      const next = await t.api('GET', '/personal_access_tokens/self', { token: fresh });
      assert.deepEqual([next.body.expires_at, next.body.user_id], ['2027-02-01', me.body.id]);

      const revoked = await latchkey(t, ['group-token', 'revoke', '--group', 'platform', '--id', String(next.body.id)]);
      assert.equal(revoked.code, 0, revoked.stderr);
      assert.match(revoked.stderr, new RegExp(`revoked group access token ${next.body.id}`));
      assert.equal((await t.api('GET', `/projects/${project.id}`, { token: fresh })).status, 401);
      assert.equal((await t.api('GET', `/users/${me.body.id}`)).status, 404);
    });

    test('an unknown group or token is refused with a reason and a non-zero exit', async () => {
      const missing = await latchkey(t, ['group-token', 'list', '--group', 'nowhere']);
      assert.notEqual(missing.code, 0);
      assert.match(missing.stderr, /Group Not Found/);
      const token = await latchkey(t, ['group-token', 'revoke', '--group', 'platform', '--id', '999999']);
      assert.notEqual(token.code, 0);
      assert.match(token.stderr, /Could not find group access token with token_id: 999999/);
    });
  });
}
