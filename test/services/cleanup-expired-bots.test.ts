import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startExpiredBotCleanup } from '../../src/jobs/expired-bot-cleanup.ts';
import { cleanupExpiredBots } from '../../src/services/tokens/cleanup-expired-bots.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { createProject, createProjectToken } from '../helpers/project-tokens.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

// Bots of expired project access tokens are removed LATCHKEY_BOT_RETENTION_DAYS (default 30) after
// their last token died, the same way a revoke removes them; by cleanupExpiredBots, the hourly job
// and `latchkey tokens cleanup` (see test/cli).

async function withApp(dialect: (typeof DIALECTS)[number], env: Record<string, string>, body: (t: TestApp) => Promise<void>) {
  const t = await startTestApp(dialect, env);
  try {
    await body(t);
  } finally {
    await t.close();
  }
}

const userExists = async (t: TestApp, id: number) => (await t.api('GET', `/users/${id}`)).status === 200;

for (const dialect of DIALECTS) {
  describe(`cleanupExpiredBots (${dialect})`, () => {
    test('removes a bot whose only token expired more than 30 days ago, not a millisecond sooner; its issue moves to the ghost user', async () => {
      await withApp(dialect, {}, async (t) => {
        const project = await createProject(t, t.rootToken, 'expiring');
        const token = await createProjectToken(t, project.id, { name: 'short-lived', expires_at: '2026-12-10', access_level: 30 });
        const issue = await t.api('POST', `/projects/${project.id}/issues`, { token: token.token, body: { title: 'left behind' } });
        assert.equal(issue.status, 201);

        t.clock.set('2026-12-10T00:00:00.000Z'); // dead, but only just
        assert.equal(await cleanupExpiredBots(t.app.deps), 0);
        t.clock.set('2027-01-09T00:00:00.000Z'); // exactly 30 days after it died
        assert.equal(await cleanupExpiredBots(t.app.deps), 0);
        assert.ok(await userExists(t, token.userId));
        t.clock.set('2027-01-09T00:00:00.001Z');
        assert.equal(await cleanupExpiredBots(t.app.deps), 1);

        assert.equal(await userExists(t, token.userId), false);
        const after = await t.api('GET', `/projects/${project.id}/issues/${issue.body.iid}`);
        assert.deepEqual([after.body.author.username, after.body.author.name], ['ghost', 'Ghost User']);
        const listed = await t.api('GET', `/projects/${project.id}/access_tokens/${token.id}`);
        assert.deepEqual([listed.status, listed.body.active], [200, false]);
        const members = await t.api('GET', `/projects/${project.id}/members`);
        assert.equal(members.body.some((m: { id: number }) => m.id === token.userId), false);
        const audit = await t.api('GET', `/projects/${project.id}/audit_events`);
        assert.equal(audit.body[0].event_name, 'project_access_token_deleted');
        assert.equal(
          audit.body[0].details.custom_message,
          `Removed the bot user of expired project access token with token_id: ${token.id} (expired on 2026-12-10, retention 30 days)`,
        );
        assert.equal(await cleanupExpiredBots(t.app.deps), 0);
      });
    });

    test('keeps a bot while a rotated successor lives, and bots whose token never expires', async () => {
      await withApp(dialect, {}, async (t) => {
        const project = await createProject(t, t.rootToken, 'rotating');
        const rotated = await createProjectToken(t, project.id, { name: 'rotated', expires_at: '2026-12-10' });
        const successor = await t.api('POST', `/projects/${project.id}/access_tokens/${rotated.id}/rotate`, { body: { expires_at: '2027-06-01' } });
        assert.equal(successor.status, 200);
        const forever = await createProjectToken(t, project.id, { name: 'forever' });

        t.clock.set('2027-03-01T12:00:00.000Z');
        assert.equal(await cleanupExpiredBots(t.app.deps), 0);
        assert.ok(await userExists(t, rotated.userId));
        t.clock.set('2027-07-01T12:00:00.000Z');
        assert.equal(await cleanupExpiredBots(t.app.deps), 1);
        assert.equal(await userExists(t, rotated.userId), false);
        assert.ok(await userExists(t, forever.userId));
        assert.equal((await t.api('GET', '/user', { token: forever.token })).status, 200);
      });
    });

    test('LATCHKEY_BOT_RETENTION_DAYS sets the wait: 5 days, or none at all', async () => {
      await withApp(dialect, { LATCHKEY_BOT_RETENTION_DAYS: '5' }, async (t) => {
        const project = await createProject(t, t.rootToken, 'retention-5');
        const token = await createProjectToken(t, project.id, { name: 'five', expires_at: '2026-12-01' });
        t.clock.set('2026-12-06T00:00:00.000Z');
        assert.equal(await cleanupExpiredBots(t.app.deps), 0);
        t.clock.set('2026-12-06T12:00:00.000Z');
        assert.equal(await cleanupExpiredBots(t.app.deps), 1);
        assert.equal(await userExists(t, token.userId), false);
      });
      await withApp(dialect, { LATCHKEY_BOT_RETENTION_DAYS: '0' }, async (t) => {
        const project = await createProject(t, t.rootToken, 'retention-0');
        const token = await createProjectToken(t, project.id, { name: 'zero', expires_at: '2026-11-30' });
        t.clock.set('2026-11-29T23:59:59.999Z');
        assert.equal(await cleanupExpiredBots(t.app.deps), 0);
        t.clock.set('2026-11-30T00:00:00.001Z');
        assert.equal(await cleanupExpiredBots(t.app.deps), 1);
        assert.equal(await userExists(t, token.userId), false);
      });
    });

    test('two cleanups running at once remove each bot once, with one audit event each', async () => {
      await withApp(dialect, {}, async (t) => {
        const project = await createProject(t, t.rootToken, 'raced-cleanup');
        const tokens = [];
        for (let i = 0; i < 6; i += 1) tokens.push(await createProjectToken(t, project.id, { name: `expired-${i}`, expires_at: '2026-12-01' }));
        t.clock.set('2027-02-01T00:00:00.000Z');
        const removed = await Promise.all([cleanupExpiredBots(t.app.deps), cleanupExpiredBots(t.app.deps), cleanupExpiredBots(t.app.deps)]);
        assert.equal(removed.reduce((a, b) => a + b, 0), 6);
        for (const token of tokens) assert.equal(await userExists(t, token.userId), false);
        const audit = await t.api('GET', `/projects/${project.id}/audit_events?per_page=100`);
        const removals = audit.body.filter((e: { details: { custom_message: string } }) => e.details.custom_message.startsWith('Removed the bot user'));
        assert.deepEqual(removals.map((e: { details: { target_id: number } }) => e.details.target_id).sort(), tokens.map((t) => t.userId).sort());
      });
    });

    test('the periodic job removes expired bots by itself and stops cleanly', async () => {
      await withApp(dialect, {}, async (t) => {
        const project = await createProject(t, t.rootToken, 'job');
        const token = await createProjectToken(t, project.id, { name: 'job-expired', expires_at: '2026-12-01' });
        t.clock.set('2027-02-01T00:00:00.000Z');
        const job = startExpiredBotCleanup(t.app.deps, { firstRunAfterMs: 0, intervalMs: 10 });
        try {
          for (let attempt = 0; attempt < 500 && (await userExists(t, token.userId)); attempt += 1) {
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
          assert.equal(await userExists(t, token.userId), false);
        } finally {
          await job.stop();
        }
        assert.ok(t.logs.some((line) => line.includes('removed bots of expired project access tokens')));
      });
    });
  });
}
