import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addDays, utcDate } from '../../src/domain/clock.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { createProject, createProjectToken } from '../helpers/project-tokens.ts';
import { startSmtpReceiver } from '../helpers/smtp-receiver.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { runBin, runCli, type Finished } from './server-process.ts';

// `latchkey tokens notify-expiring`, run as the real command (the real clock; compiled once per run,
// test/helpers/compiled-cli.ts, so that the two runs start alike; the third as users run it, bin/latchkey.js)
// against the database of a test app, mailing through a real SMTP server: two runs at the same
// moment (two nodes) send each notice once, and a later run sends nothing again.

function latchkey(t: TestApp, env: Record<string, string>, run = runCli): Promise<Finished> {
  return run(['tokens', 'notify-expiring'], {
    LATCHKEY_DATA_DIR: t.config.dataDir,
    ...(t.config.database.dialect === 'postgres' && { LATCHKEY_DATABASE_URL: t.config.database.url }),
    ...env,
  });
}

for (const dialect of DIALECTS) {
  describe(`latchkey tokens notify-expiring (${dialect})`, () => {
    test('two runs at once mail each notice once and say what they did; a third run sends nothing', async () => {
      const smtp = await startSmtpReceiver();
      const t = await startTestApp(dialect);
      try {
        const now = new Date();
        t.clock.set(now.toISOString());
        const project = await createProject(t, t.rootToken, 'cli-notices');
        const tokens = [];
        for (let i = 0; i < 3; i += 1) tokens.push(await createProjectToken(t, project.id, { name: `deploy-${i}`, expires_at: addDays(utcDate(now), 7) }));

        const env = { LATCHKEY_SMTP_URL: smtp.url };
        const [a, b] = await Promise.all([latchkey(t, env), latchkey(t, env)]);
        assert.equal(a.code, 0, a.stderr);
        assert.equal(b.code, 0, b.stderr);
        const lines = [...a.stdout.trim().split('\n'), ...b.stdout.trim().split('\n')];
        const noticeLines = lines.filter((line) => line.startsWith('token ')).sort();
        assert.deepEqual(
          noticeLines,
          tokens.map((tok) => `token ${tok.id} (project ${project.id}): expires in 7 days or less: 1 mail, 0 webhook events queued`).sort(),
        );
        const mailedLines = lines.filter((line) => / sent$/.test(line));
        assert.equal(mailedLines.length, 2);
        assert.equal(mailedLines.reduce((sum, line) => sum + Number(line.split(' ')[0]), 0), 3);
        assert.equal(smtp.mails.length, 3);
        assert.deepEqual(new Set(smtp.mails.map((m) => m.subject)), new Set([`A project access token of ${project.path} will expire in 7 days or less`]));
        assert.equal(a.stdout.includes(smtp.url) || a.stderr.includes('s3cret'), false);

        const again = await latchkey(t, env, runBin);
        assert.equal(again.code, 0, again.stderr);
        assert.deepEqual(again.stdout.trim().split('\n'), ['0 notices queued', '0 mails sent']);
        assert.equal(smtp.mails.length, 3);
      } finally {
        await t.close();
        await smtp.close();
      }
    });

    test('without LATCHKEY_SMTP_URL it records the notices and says that nothing is mailed', async () => {
      const t = await startTestApp(dialect);
      try {
        const now = new Date();
        t.clock.set(now.toISOString());
        const project = await createProject(t, t.rootToken, 'cli-quiet');
        await createProjectToken(t, project.id, { name: 'deploy', expires_at: addDays(utcDate(now), 1) });
        const res = await latchkey(t, {});
        assert.equal(res.code, 0, res.stderr);
        const lines = res.stdout.trim().split('\n');
        assert.match(lines[0]!, /: expires in 1 day or less: 1 mail, 0 webhook events queued$/);
        assert.deepEqual(lines.slice(1), ['1 notice queued', 'no SMTP configured (LATCHKEY_SMTP_URL): notices are not mailed']);
        assert.equal((await t.app.deps.db.selectFrom('outbox').selectAll().execute()).length, 0);
      } finally {
        await t.close();
      }
    });
  });
}
