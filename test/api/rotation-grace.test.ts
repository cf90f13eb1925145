import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { createProject, createProjectToken, type TestProject } from '../helpers/project-tokens.ts';
import { ROOT_PASSWORD } from '../helpers/test-app.ts';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';
import { tokenUses, TRANSPORTS, type Transport } from '../helpers/token-transports.ts';
import { runCli } from '../cli/server-process.ts';
import { textOf, WebClient } from '../web/web-client.ts';

const MINUTE = 60_000;

/**
 * POST .../access_tokens/:token_id/rotate and .../self/rotate with `grace_period_minutes`: the old
 * token keeps working on every transport until `active_until`, then is refused as revoked, and
 * using it after that revokes the whole rotation chain (reuse); inside the grace period it does not.
 */
for (const dialect of DIALECTS) {
  describe(`rotation with a grace period (${dialect})`, () => {
    let f: GitFixture;
    let project: TestProject;
    let use: Record<Transport, (token: string) => Promise<boolean>>;

    before(async () => {
      // Replays after the grace period are failed logins: a high threshold keeps the test unbanned.
      f = await startGitFixture(dialect, { LATCHKEY_REGISTRY_URL: 'http://127.0.0.1:5000', LATCHKEY_AUTH_BAN_MAX_FAILURES: '1000' });
      project = await createProject(f.t, f.t.rootToken, 'rolling-deploy');
      await f.seed(project.path);
      use = tokenUses(f, project);
    });
    after(() => f.close());

    const rotate = (tokenId: number, body: Record<string, unknown> = {}) => f.t.api('POST', `/projects/${project.id}/access_tokens/${tokenId}/rotate`, { body });
    const shown = async (tokenId: number) => (await f.t.api('GET', `/projects/${project.id}/access_tokens/${tokenId}`)).body;
    const auditOf = async () =>
      (await f.t.api('GET', `/projects/${project.id}/audit_events?per_page=100`)).body as { event_name: string; details: { target_id: number; custom_message: string } }[];

    test('grace_period_minutes 0 (or none) is today\'s rotation: the old token is revoked at once and shows no grace fields', async () => {
      for (const body of [{}, { grace_period_minutes: 0 }]) {
        const old = await createProjectToken(f.t, project.id, { name: 'no-grace', access_level: 30 });
        const res = await rotate(old.id, body);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.deepEqual([res.body.superseded_at, res.body.active_until, res.body.active], [null, null, true]);
        const before = await shown(old.id);
        assert.deepEqual([before.revoked, before.active, before.superseded_at, before.active_until], [true, false, null, null]);
        // Presenting it now is a reuse, as before grace periods existed: the new token dies too.
        assert.equal(await use.api(old.token), false);
        assert.equal(await use.api(res.body.token), false);
      }
    });

    test('inside the grace period both tokens work over the API, git over HTTP and SSH, and /jwt/auth; nothing is revoked', async () => {
      const old = await createProjectToken(f.t, project.id, { name: 'graceful', access_level: 30 });
      const rotatedAt = f.t.clock.now().toISOString();
      const res = await rotate(old.id, { grace_period_minutes: 30 });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const until = new Date(Date.parse(rotatedAt) + 30 * MINUTE).toISOString();

      const entity = await shown(old.id);
      assert.deepEqual(
        [entity.revoked, entity.active, entity.superseded_at, entity.active_until],
        [false, true, rotatedAt, until],
        'the old token shows when it was superseded and until when it works',
      );
      assert.deepEqual([res.body.superseded_at, res.body.active_until], [null, null], 'the new token is not superseded');
      f.t.clock.advance(30 * MINUTE - 1);
      for (const transport of TRANSPORTS) {
        assert.equal(await use[transport](old.token), true, `the old token over ${transport}, a millisecond before the end`);
        assert.equal(await use[transport](res.body.token), true, `the new token over ${transport}`);
      }
      const active = (await f.t.api('GET', `/projects/${project.id}/access_tokens?state=active&per_page=100`)).body as { id: number }[];
      assert.ok([old.id, res.body.id].every((id) => active.some((token) => token.id === id)), 'state=active lists both');
      assert.equal((await auditOf()).some((event) => event.event_name === 'project_access_token_reuse_detected' && event.details.target_id === old.userId), false);
      const rotated = (await auditOf()).find((event) => event.event_name === 'project_access_token_rotated' && event.details.target_id === old.userId)!;
      assert.equal(
        rotated.details.custom_message,
        `Rotated project access token with token_id: ${old.id}; the new token has token_id: ${res.body.id}; the old token works until ${until} (grace period of 30 minutes)`,
      );
      f.t.clock.advance(1);
      const inactive = (await f.t.api('GET', `/projects/${project.id}/access_tokens?state=inactive&per_page=100`)).body as { id: number }[];
      assert.ok(inactive.some((token) => token.id === old.id), 'at active_until, state=inactive lists the old token');
      assert.deepEqual([(await shown(old.id)).active, (await shown(old.id)).revoked], [false, false]);
    });

    for (const transport of TRANSPORTS) {
      test(`${transport}: at the exact end of the grace period the old token is refused as revoked, and that use revokes the chain, the new token included`, async () => {
        const old = await createProjectToken(f.t, project.id, { name: `boundary-${transport}`, access_level: 30 });
        const res = await rotate(old.id, { grace_period_minutes: 5 });
        assert.equal(res.status, 200);
        const fresh = res.body.token as string;
        // Both are read (and cached) inside the grace period; the end needs no write to take effect.
        assert.equal(await use[transport](old.token), true);
        assert.equal(await use[transport](fresh), true);
        f.t.clock.advance(5 * MINUTE);
        assert.equal(await use[transport](old.token), false, 'refused at active_until');
        assert.equal(await use[transport](fresh), false, 'the successor died with the chain');
        assert.equal(await use.api(fresh), false);
        for (const id of [old.id, res.body.id]) assert.deepEqual([(await shown(id)).revoked, (await shown(id)).active], [true, false], `token ${id}`);
        const reuse = (await auditOf()).filter((event) => event.event_name === 'project_access_token_reuse_detected' && event.details.target_id === old.userId);
        assert.equal(reuse.length, 1);
        assert.match(reuse[0]!.details.custom_message, new RegExp(`was used again over ${transport} from 127\\.0\\.0\\.1$`));
      });
    }

    test('grace_period_minutes outside 0..1440 or not a whole number is a 400, and nothing is rotated', async () => {
      const old = await createProjectToken(f.t, project.id, { name: 'validated', access_level: 30 });
      const cases: [unknown, string][] = [
        [-1, 'grace_period_minutes does not have a valid value'],
        [1441, 'grace_period_minutes does not have a valid value'],
        ['soon', 'grace_period_minutes is invalid'],
        [1.5, 'grace_period_minutes is invalid'],
      ];
      for (const [value, error] of cases) {
        const res = await rotate(old.id, { grace_period_minutes: value });
        assert.equal(res.status, 400, String(value));
        assert.deepEqual(res.body, { error }, String(value));
      }
      assert.deepEqual([(await shown(old.id)).revoked, (await shown(old.id)).superseded_at], [false, null]);
      assert.equal(await use.api(old.token), true);
      const max = await rotate(old.id, { grace_period_minutes: '1440' });
      assert.equal(max.status, 200, JSON.stringify(max.body));
      assert.equal(Date.parse((await shown(old.id)).active_until) - Date.parse((await shown(old.id)).superseded_at), 1440 * MINUTE);
    });

    test('a superseded token cannot be rotated again; rotating its successor ends its grace period at once, and its next use revokes the chain', async () => {
      const first = await createProjectToken(f.t, project.id, { name: 'twice', access_level: 30 });
      const second = await rotate(first.id, { grace_period_minutes: 60 });
      assert.equal(second.status, 200);
      const again = await rotate(first.id, { grace_period_minutes: 60 });
      assert.deepEqual([again.status, again.body], [400, { message: '400 Bad request - Token already revoked' }]);

      f.t.clock.advance(MINUTE);
      const third = await rotate(second.body.id, { grace_period_minutes: 60 });
      assert.equal(third.status, 200);
      assert.equal((await shown(first.id)).active_until, f.t.clock.now().toISOString(), "the oldest token's grace ended with the second rotation");
      assert.equal(await use.api(second.body.token), true, 'the token rotated last is in its own grace period');
      assert.equal(await use.git_http(first.token), false);
      assert.equal(await use.api(third.body.token), false, 'the chain is revoked');
    });

    test('self/rotate takes grace_period_minutes too: the rotating client keeps working with its old token meanwhile', async () => {
      const own = await createProjectToken(f.t, project.id, { name: 'self-rotating', scopes: ['api'], access_level: 30 });
      const res = await f.t.api('POST', `/projects/${project.id}/access_tokens/self/rotate`, { token: own.token, body: { grace_period_minutes: 10 } });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(await use.api(own.token), true);
      assert.equal(await use.api(res.body.token), true);
      const bad = await f.t.api('POST', `/projects/${project.id}/access_tokens/self/rotate`, { token: res.body.token, body: { grace_period_minutes: 2000 } });
      assert.deepEqual([bad.status, bad.body], [400, { error: 'grace_period_minutes does not have a valid value' }]);
    });

    test('web: the Access Tokens page rotates with a grace period and shows until when the old token works', async () => {
      const old = await createProjectToken(f.t, project.id, { name: 'web-rotated', access_level: 30 });
      const web = new WebClient(f.t);
      await web.signIn('root', ROOT_PASSWORD);
      const page = await web.get(`/${project.path}/-/settings/access_tokens`);
      assert.equal(page.status, 200);
      assert.match(page.body, new RegExp(`action="/${project.path}/-/settings/access_tokens/${old.id}/rotate"`));
      assert.match(page.body, /name="grace_period_minutes"/);
      const refused = await web.post(`/${project.path}/-/settings/access_tokens/${old.id}/rotate`, { grace_period_minutes: '5000' });
      assert.equal(refused.status, 400);
      assert.match(textOf(refused.body), /grace_period_minutes does not have a valid value/);
      const res = await web.post(`/${project.path}/-/settings/access_tokens/${old.id}/rotate`, { grace_period_minutes: '15' });
      assert.equal(res.status, 200);
      const fresh = /glpat-[A-Za-z0-9_-]{29}/.exec(res.body)?.[0];
      assert.ok(fresh, 'the new token is shown once');
      assert.equal(await use.api(fresh), true);
      assert.equal(await use.api(old.token), true);
      const until = (await shown(old.id)).active_until as string;
      const row = new RegExp(`data-token-id="${old.id}"[\\s\\S]*?</tr>`).exec(res.body)?.[0] ?? '';
      assert.match(textOf(row), new RegExp(`Works until ${until.slice(0, 10)} ${until.slice(11, 16)} UTC`));
    });

    test('CLI: project-token rotate --grace-period-minutes keeps the old token working; list shows until when', async () => {
      const old = await createProjectToken(f.t, project.id, { name: 'cli-rotated', access_level: 30 });
      const env = {
        LATCHKEY_DATA_DIR: f.t.config.dataDir,
        ...(f.t.config.database.dialect === 'postgres' && { LATCHKEY_DATABASE_URL: f.t.config.database.url }),
      };
      const bad = await runCli(['project-token', 'rotate', '--project', project.path, '--id', String(old.id), '--grace-period-minutes', '1441'], env);
      assert.notEqual(bad.code, 0);
      assert.match(bad.stderr, /--grace-period-minutes must be a whole number from 0 to 1440/);
      const res = await runCli(['project-token', 'rotate', '--project', project.path, '--id', String(old.id), '--grace-period-minutes', '45'], env);
      assert.equal(res.code, 0, res.stderr);
      assert.equal(await use.api(res.stdout.trim()), true);
      // The CLI ran on the machine's clock, the server on the test's: 45 minutes apart all the same.
      const entity = await shown(old.id);
      assert.equal(Date.parse(entity.active_until) - Date.parse(entity.superseded_at), 45 * MINUTE);
      f.t.clock.set(entity.superseded_at);
      assert.equal(await use.api(old.token), true);
      const listed = await runCli(['project-token', 'list', '--project', String(project.id)], env);
      assert.match(listed.stdout, new RegExp(`^${old.id}\\s+cli-rotated\\s.*works until ${entity.active_until}`, 'm'));
    });
  });
}
