import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildApp } from '../../src/app.ts';
import { createLogger } from '../../src/logger.ts';
import { openSmtpTransport } from '../../src/mail/smtp-transport.ts';
import { deliverQueuedMail } from '../../src/services/notices/deliver-queued-mail.ts';
import { notifyExpiringTokens } from '../../src/services/notices/notify-expiring-tokens.ts';
import { queueTokenRevokedNotice } from '../../src/services/notices/queue-token-revoked-notice.ts';
import { findTokenById } from '../../src/db/repositories/tokens.ts';
import type { Deps } from '../../src/deps.ts';
import { DIALECTS, type Dialect } from '../helpers/databases.ts';
import { addMember, createProject, createProjectToken, type TestProject } from '../helpers/project-tokens.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../helpers/smtp-receiver.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

// Token expiry notices (issue 18): the check mails a project token's active human Maintainers and
// Owners (a personal token's owner) 60, 30, 7 and 1 days before its expiry date and on the day,
// once per token and threshold whichever node or run gets there, through a real SMTP server; and
// queues the access_token webhook event for hooks subscribed to resource_access_token_events.

async function withApp(dialect: Dialect, smtp: SmtpReceiver | null, body: (t: TestApp) => Promise<void>) {
  const t = await startTestApp(dialect, smtp ? { LATCHKEY_SMTP_URL: smtp.url, LATCHKEY_MAIL_FROM: 'Latchkey <notices@latchkey.test>' } : {});
  try {
    await body(t);
  } finally {
    await t.close();
  }
}

async function withSmtp(body: (smtp: SmtpReceiver) => Promise<void>) {
  const smtp = await startSmtpReceiver();
  try {
    await body(smtp);
  } finally {
    await smtp.close();
  }
}

/** Delivers the queued mail over SMTP, as `latchkey tokens notify-expiring` does. */
async function mailQueued(deps: Deps): Promise<void> {
  const transport = openSmtpTransport(deps.config.mail);
  try {
    await deliverQueuedMail(deps, transport);
  } finally {
    transport?.close();
  }
}

/** Runs the check, then delivers what it queued; returns the notices as `tokenId:threshold`. */
async function checkAndMail(deps: Deps): Promise<string[]> {
  const sent = await notifyExpiringTokens(deps);
  await mailQueued(deps);
  return sent.map((notice) => `${notice.tokenId}:${notice.threshold}`);
}

async function subscribeHook(t: TestApp, projectId: number, triggers: string[]): Promise<number> {
  const now = t.clock.now().toISOString();
  const row = await t.app.deps.db
    .insertInto('webhooks')
    .values({
      project_id: projectId,
      url: 'http://127.0.0.1:9/hook',
      triggers: JSON.stringify(triggers),
      branch_filter_strategy: 'wildcard',
      enable_ssl_verification: 1,
      recent_failures: 0,
      backoff_count: 0,
      permanently_disabled: 0,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function queuedHookBodies(t: TestApp): Promise<any[]> {
  const rows = await t.app.deps.db.selectFrom('outbox').selectAll().where('kind', '=', 'webhook').orderBy('id').execute();
  return rows.map((row) => JSON.parse(row.payload));
}

/** A project of root's with people in every role the rule looks at. */
async function projectWithPeople(t: TestApp): Promise<{ project: TestProject; emails: Record<string, string> }> {
  const project = await createProject(t, t.rootToken, 'notices');
  const users: Record<string, number> = {};
  for (const name of ['maintainer', 'developer', 'blocked', 'leaving', 'outsider']) users[name] = (await t.createUser(name)).id;
  await addMember(t, project.id, users.maintainer!, 40);
  await addMember(t, project.id, users.developer!, 30);
  await addMember(t, project.id, users.blocked!, 50);
  const leaving = await t.api('POST', `/projects/${project.id}/members`, { body: { user_id: users.leaving, access_level: 40, expires_at: '2026-11-30' } });
  assert.equal(leaving.status, 201, JSON.stringify(leaving.body));
  await t.app.deps.db.updateTable('users').set({ state: 'blocked' }).where('id', '=', users.blocked!).execute();
  const root = await t.api('GET', '/user');
  return { project, emails: { root: root.body.email, maintainer: 'maintainer@example.com' } };
}

for (const dialect of DIALECTS) {
  describe(`token expiry notices (${dialect})`, () => {
    test("a project token 7 days from expiry mails the project's active human Maintainers and Owners only, text and HTML escaped, and queues the access_token webhook", async () => {
      await withSmtp(async (smtp) => {
        await withApp(dialect, smtp, async (t) => {
          const { project, emails } = await projectWithPeople(t);
          const hook = await subscribeHook(t, project.id, ['resource_access_token_events']);
          await subscribeHook(t, project.id, ['push_events']);
          // A Maintainer-level token: its bot is a Maintainer member, and must not be mailed.
          const token = await createProjectToken(t, project.id, { name: 'deploy <b>&</b>', scopes: ['read_api', 'read_repository'], access_level: 40, expires_at: '2026-12-07' });

          t.clock.set('2026-11-30T00:00:00.000Z'); // 7 days before; the "leaving" membership ended at this midnight
          assert.deepEqual(await checkAndMail(t.app.deps), [`${token.id}:7`]);

          assert.deepEqual(smtp.mails.map((m) => m.to).sort(), [[emails.maintainer], [emails.root]].sort());
          const mail = smtp.mails.find((m) => m.to[0] === emails.maintainer)!;
          assert.equal(mail.from, 'notices@latchkey.test');
          assert.equal(mail.subject, `A project access token of ${project.path} will expire in 7 days or less`);
          assert.match(mail.text, /^Hi maintainer,/);
          assert.ok(mail.text.includes(`The project access token "deploy <b>&</b>" of ${project.path} expires on 2026-12-07 (in 7 days).`), mail.text);
          assert.match(mail.text, /Scopes: +read_api, read_repository/);
          assert.match(mail.text, /Role: +Maintainer/);
          assert.match(mail.text, /Last used: +never/);
          assert.ok(mail.text.includes(`${t.config.externalUrl}/${project.path}/-/settings/access_tokens`));
          assert.ok(mail.html.includes('deploy &lt;b&gt;&amp;&lt;/b&gt;'), mail.html);
          assert.equal(mail.html.includes('<b>&'), false);
          assert.ok(mail.html.includes(`href="${t.config.externalUrl}/${project.path}/-/settings/access_tokens"`));

          const [queued, ...others] = await queuedHookBodies(t);
          assert.equal(others.length, 0);
          assert.deepEqual([queued.event, queued.trigger], ['Resource Access Token Hook', 'resource_access_token_events']);
          assert.equal(queued.body.object_kind, 'access_token');
          assert.equal(queued.body.event_name, 'expiring_access_token');
          assert.deepEqual(queued.body.object_attributes, {
            user_id: token.userId,
            created_at: '2026-11-29 12:00:00 UTC',
            id: token.id,
            name: 'deploy <b>&</b>',
            expires_at: '2026-12-07',
          });
          assert.equal(queued.body.project.path_with_namespace, project.path);
          assert.equal(queued.body.project.web_url, `${t.config.externalUrl}/${project.path}`);
          const outboxHook = await t.app.deps.db.selectFrom('outbox').select('hook_id').where('kind', '=', 'webhook').executeTakeFirstOrThrow();
          assert.equal(outboxHook.hook_id, hook);
        });
      });
    });

    test('each notice goes out at its 00:00 UTC boundary, the most urgent due one only, then the expired one on the date', async () => {
      await withSmtp(async (smtp) => {
        await withApp(dialect, smtp, async (t) => {
          const project = await createProject(t, t.rootToken, 'boundaries');
          const token = await createProjectToken(t, project.id, { name: 'ci', expires_at: '2026-12-07' }); // 8 days left
          const steps: Array<[string, string[]]> = [
            ['2026-11-29T12:00:00.000Z', [`${token.id}:30`]], // inside 30 days: the 30-day notice, never the 60-day one
            ['2026-11-29T23:59:59.999Z', []],
            ['2026-11-30T00:00:00.000Z', [`${token.id}:7`]],
            ['2026-12-03T08:00:00.000Z', []],
            ['2026-12-05T23:59:59.999Z', []],
            ['2026-12-06T00:00:00.000Z', [`${token.id}:1`]],
            ['2026-12-06T23:59:59.999Z', []],
            ['2026-12-07T00:00:00.000Z', [`${token.id}:expired`]],
            ['2026-12-08T00:00:00.000Z', []],
          ];
          for (const [at, expected] of steps) {
            t.clock.set(at);
            assert.deepEqual(await checkAndMail(t.app.deps), expected, at);
          }
          assert.deepEqual(smtp.mails.map((m) => m.subject), [
            `A project access token of ${project.path} will expire in 30 days or less`,
            `A project access token of ${project.path} will expire in 7 days or less`,
            `A project access token of ${project.path} will expire in 1 day or less`,
            `A project access token of ${project.path} has expired`,
          ]);
          assert.ok(smtp.mails[3]!.text.includes('expired today, 2026-12-07 at 00:00 UTC: it no longer works.'), smtp.mails[3]!.text);
        });
      });
    });

    test("a personal access token's owner gets the 60-day notice from its midnight; revoked tokens, bots' and blocked owners' tokens get none", async () => {
      await withSmtp(async (smtp) => {
        await withApp(dialect, smtp, async (t) => {
          const alice = await t.createUser('alice');
          const made = await t.api('POST', `/users/${alice.id}/personal_access_tokens`, { body: { name: 'laptop', scopes: ['read_user'], expires_at: '2027-01-29' } });
          assert.equal(made.status, 201);
          const revoked = await t.api('POST', `/users/${alice.id}/personal_access_tokens`, { body: { name: 'old', scopes: ['api'], expires_at: '2027-01-29' } });
          assert.equal((await t.api('DELETE', `/personal_access_tokens/${revoked.body.id}`)).status, 204);
          const bob = await t.createUser('bob');
          const bobs = await t.api('POST', `/users/${bob.id}/personal_access_tokens`, { body: { name: 'bobs', scopes: ['api'], expires_at: '2027-01-29' } });
          assert.equal(bobs.status, 201);
          await t.app.deps.db.updateTable('users').set({ state: 'blocked' }).where('id', '=', bob.id).execute();

          t.clock.set('2026-11-29T23:59:59.999Z'); // 61 days left
          assert.deepEqual(await checkAndMail(t.app.deps), []);
          t.clock.set('2026-11-30T00:00:00.000Z');
          assert.deepEqual(await checkAndMail(t.app.deps), [`${made.body.id}:60`]);
          assert.deepEqual(smtp.mails.map((m) => [m.to, m.subject]), [[['alice@example.com'], 'Your personal access token will expire in 60 days or less']]);
          assert.ok(smtp.mails[0]!.text.includes('Your personal access token "laptop" expires on 2027-01-29 (in 60 days).'));
          assert.ok(smtp.mails[0]!.text.includes(`${t.config.externalUrl}/-/user_settings/personal_access_tokens`));
          assert.deepEqual(await queuedHookBodies(t), []);
        });
      });
    });

    // Two nodes checking at the same moment: test/cli/notify-expiring-cli.test.ts runs two processes at once.
    test('another node on the same database, and a restarted node, send nothing again', async () => {
      await withSmtp(async (smtp) => {
        await withApp(dialect, smtp, async (t) => {
          const project = await createProject(t, t.rootToken, 'two-nodes');
          const tokens = [];
          for (let i = 0; i < 4; i += 1) tokens.push(await createProjectToken(t, project.id, { name: `t${i}`, expires_at: '2026-12-06' }));
          t.clock.set('2026-11-30T09:00:00.000Z');
          assert.deepEqual((await checkAndMail(t.app.deps)).sort(), tokens.map((tok) => `${tok.id}:7`).sort());
          const second = await buildApp(t.config, { clock: t.clock, log: createLogger('silent') });
          try {
            assert.deepEqual(await checkAndMail(second.deps), []);
          } finally {
            await second.close();
          }
          const restarted = await buildApp(t.config, { clock: t.clock, log: createLogger('silent') });
          try {
            assert.deepEqual(await checkAndMail(restarted.deps), []);
          } finally {
            await restarted.close();
          }
          assert.equal(smtp.mails.length, 4);
          assert.deepEqual(new Set(smtp.mails.map((m) => m.subject)).size, 1);
        });
      });
    });

    test('a 4xx SMTP answer is retried later; a 5xx answer gives the mail up', async () => {
      await withSmtp(async (smtp) => {
        await withApp(dialect, smtp, async (t) => {
          const project = await createProject(t, t.rootToken, 'flaky');
          await createProjectToken(t, project.id, { name: 'a', expires_at: '2026-12-06' });
          t.clock.set('2026-11-30T09:00:00.000Z');
          smtp.refuseNext(1, 451);
          await checkAndMail(t.app.deps);
          assert.equal(smtp.mails.length, 0);
          const waiting = await t.app.deps.db.selectFrom('outbox').selectAll().where('kind', '=', 'email').execute();
          assert.equal(waiting.length, 1);
          assert.match(waiting[0]!.last_error ?? '', /451/);
          t.clock.advance(60_000);
          await mailQueued(t.app.deps);
          assert.equal(smtp.mails.length, 1);

          await createProjectToken(t, project.id, { name: 'b', expires_at: '2026-12-07' });
          t.clock.set('2026-12-01T09:00:00.000Z');
          smtp.refuseNext(1, 550);
          await checkAndMail(t.app.deps);
          assert.equal(smtp.mails.length, 1);
          assert.equal((await t.app.deps.db.selectFrom('outbox').selectAll().execute()).length, 0);
          assert.ok(t.logs.some((line) => line.includes('outbox message given up')));
          assert.equal(t.logs.some((line) => line.includes('s3cret')), false);
        });
      });
    });

    test('without SMTP nothing is sent and the log says so once', async () => {
      await withApp(dialect, null, async (t) => {
        const project = await createProject(t, t.rootToken, 'quiet');
        await createProjectToken(t, project.id, { name: 'a', expires_at: '2026-12-06' });
        await createProjectToken(t, project.id, { name: 'b', expires_at: '2026-12-06' });
        t.clock.set('2026-11-30T09:00:00.000Z');
        assert.equal((await notifyExpiringTokens(t.app.deps)).length, 2);
        await deliverQueuedMail(t.app.deps, null);
        const said = t.logs.filter((line) => line.includes('no SMTP configured (LATCHKEY_SMTP_URL): notices are not mailed'));
        assert.equal(said.length, 1);
        assert.equal((await t.app.deps.db.selectFrom('outbox').selectAll().where('kind', '=', 'email').execute()).length, 0);
      });
    });

    test("the expired mail lists the token's last recorded uses; a leaked token's revocation mails and queues revoked_access_token", async () => {
      await withSmtp(async (smtp) => {
        await withApp(dialect, smtp, async (t) => {
          const project = await createProject(t, t.rootToken, 'uses');
          await subscribeHook(t, project.id, ['resource_access_token_events']);
          const token = await createProjectToken(t, project.id, { name: 'pipeline', expires_at: '2026-12-07' });
          for (let i = 0; i < 12; i += 1) {
            await t.app.deps.db
              .insertInto('token_activity')
              .values({ token_id: token.id, at: `2026-12-06T10:00:${String(i).padStart(2, '0')}.000Z`, transport: 'http', action: `GET /api/v4/projects/:id/use-${i}`, status: 200, ip: '127.0.0.2', user_agent: 'ci' })
              .execute();
          }
          t.clock.set('2026-12-07T00:00:00.000Z');
          assert.deepEqual(await checkAndMail(t.app.deps), [`${token.id}:expired`]);
          const expired = smtp.mails[0]!;
          assert.ok(expired.text.includes('Its last uses:'));
          assert.ok(expired.text.includes('2026-12-06T10:00:11.000Z  http GET /api/v4/projects/:id/use-11 → 200 from 127.0.0.2'));
          assert.ok(expired.text.includes('use-2 '));
          assert.equal(expired.text.includes('use-1 '), false); // the 10 newest only

          const leaked = await createProjectToken(t, project.id, { name: 'leaked', expires_at: '2027-06-01' });
          await t.app.deps.db.transaction().execute(async (trx) => {
            await trx.updateTable('personal_access_tokens').set({ revoked: 1 }).where('id', '=', leaked.id).execute();
            const row = (await findTokenById(trx, leaked.id))!;
            assert.deepEqual(await queueTokenRevokedNotice(trx, t.app.deps, row, '203.0.113.9'), { mails: 1, hooks: 1 });
          });
          await mailQueued(t.app.deps);
          const revoked = smtp.mails[1]!;
          assert.equal(revoked.subject, `A project access token of ${project.path} was reported as leaked and revoked`);
          assert.ok(revoked.text.includes('was reported as leaked (reported from 203.0.113.9) and has been revoked'));
          const events = (await queuedHookBodies(t)).map((payload) => payload.body.event_name);
          assert.deepEqual(events, ['expired_access_token', 'revoked_access_token']);
        });
      });
    });
  });
}
