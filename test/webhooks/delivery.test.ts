import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findWebhookById } from '../../src/db/repositories/webhooks.ts';
import { startOutboxDelivery } from '../../src/jobs/outbox-delivery.ts';
import { sendWebhookNow } from '../../src/services/webhooks/deliver-webhook.ts';
import { pruneOldWebhookDeliveries } from '../../src/services/webhooks/prune-webhook-deliveries.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { createProject } from '../helpers/project-tokens.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';
import { deliverNow, insertHook, queueEvent, SENDERS } from '../helpers/webhook-fixtures.ts';

// Webhook delivery from the outbox: what the receiver gets (GitLab's headers, the secret token, the
// body), retries, GitLab's auto-disabling, redirects, the delivery log and the SSRF rules. The
// receiver listens on 127.0.0.1, so these instances allow local webhooks except where the refusal
// is the point.

const MINUTE = 60_000;

async function queued(t: TestApp, hookId: number): Promise<number> {
  const rows = await t.app.deps.db.selectFrom('outbox').select('id').where('hook_id', '=', hookId).execute();
  return rows.length;
}

async function deliveries(t: TestApp, hookId: number) {
  return t.app.deps.db.selectFrom('webhook_deliveries').selectAll().where('hook_id', '=', hookId).orderBy('id').execute();
}

for (const dialect of DIALECTS) {
  describe(`webhook delivery (${dialect})`, () => {
    let t: TestApp;
    let receiver: WebhookReceiver;
    let projects = 0;
    /** Every test has its own project, so an event reaches only that test's hooks. */
    const newProject = async () => (await createProject(t, t.rootToken, `hooked-${++projects}`)).id;
    before(async () => {
      t = await startTestApp(dialect, { LATCHKEY_ALLOW_LOCAL_WEBHOOKS: 'true', LATCHKEY_EXTERNAL_URL: 'https://git.example.test' });
      receiver = await startWebhookReceiver();
    });
    after(async () => {
      await receiver.close();
      await t.close();
    });

    test("a queued event arrives as GitLab sends it: JSON body, GitLab's headers, the secret token; the log redacts the token", async () => {
      const projectId = await newProject();
      receiver.script();
      const hook = await insertHook(t.app.deps, projectId, `${receiver.url}/headers`, { token: 'hook-secret-token' });
      assert.equal(await queueEvent(t.app.deps, projectId, { body: { object_kind: 'issue', marker: 'headers' } }), 1);
      await deliverNow(t.app.deps);
      const [got] = receiver.requests.filter((r) => r.path === '/headers');
      assert.ok(got);
      const version = (await t.api('GET', '/version')).body.version;
      assert.equal(got.method, 'POST');
      assert.deepEqual(got.body, { object_kind: 'issue', marker: 'headers' });
      assert.equal(got.headers['content-type'], 'application/json');
      assert.equal(got.headers['user-agent'], `GitLab/${version}`);
      assert.equal(got.headers['x-gitlab-event'], 'Issue Hook');
      assert.equal(got.headers['x-gitlab-token'], 'hook-secret-token');
      assert.equal(got.headers['x-gitlab-instance'], 'https://git.example.test');
      assert.match(String(got.headers['x-gitlab-event-uuid']), /^[0-9a-f-]{36}$/);
      assert.match(String(got.headers['x-gitlab-webhook-uuid']), /^[0-9a-f-]{36}$/);
      assert.match(String(got.headers['idempotency-key']), /^[0-9a-f-]{36}$/);
      assert.equal(await queued(t, hook.id), 0);

      const [log] = await deliveries(t, hook.id);
      assert.ok(log);
      assert.equal(log.trigger, 'issue_hooks');
      assert.equal(log.response_status, '200');
      assert.equal(log.uuid, got.headers['x-gitlab-event-uuid']);
      assert.equal(log.internal_error_message, null);
      assert.deepEqual(JSON.parse(log.request_data), { object_kind: 'issue', marker: 'headers' });
      const sent = JSON.parse(log.request_headers);
      assert.equal(sent['X-Gitlab-Token'], '[REDACTED]');
      assert.equal(sent['X-Gitlab-Event'], 'Issue Hook');
      assert.ok(!JSON.stringify(log).includes('hook-secret-token'));
      assert.equal(JSON.parse(log.response_headers)['content-type'], 'application/json');
    });

    test('a hook without a token gets no X-Gitlab-Token; each hook of the project gets the event once, with one event UUID', async () => {
      const project = await newProject();
      await insertHook(t.app.deps, project, `${receiver.url}/first`);
      await insertHook(t.app.deps, project, `${receiver.url}/second`);
      await insertHook(t.app.deps, project, `${receiver.url}/not-subscribed`, { triggers: ['push_events'] });
      assert.equal(await queueEvent(t.app.deps, project), 2);
      await deliverNow(t.app.deps);
      const first = receiver.requests.filter((r) => r.path === '/first');
      const second = receiver.requests.filter((r) => r.path === '/second');
      assert.equal(first.length, 1);
      assert.equal(second.length, 1);
      assert.equal(receiver.requests.filter((r) => r.path === '/not-subscribed').length, 0);
      assert.equal(first[0]!.headers['x-gitlab-token'], undefined);
      assert.equal(first[0]!.headers['x-gitlab-event-uuid'], second[0]!.headers['x-gitlab-event-uuid']);
      assert.notEqual(first[0]!.headers['idempotency-key'], second[0]!.headers['idempotency-key']);
    });

    test('a 500 is retried a minute later with the same event UUID and Idempotency-Key; the success ends it', async () => {
      const projectId = await newProject();
      const hook = await insertHook(t.app.deps, projectId, `${receiver.url}/retry`);
      receiver.script({ status: 500, body: 'down for a moment' });
      await queueEvent(t.app.deps, projectId, { body: { marker: 'retry' } });
      await deliverNow(t.app.deps);
      assert.equal(receiver.requests.filter((r) => r.path === '/retry').length, 1);
      assert.equal(await deliverNow(t.app.deps), 0, 'not again before its retry time');
      t.clock.advance(MINUTE);
      await deliverNow(t.app.deps);
      const got = receiver.requests.filter((r) => r.path === '/retry');
      assert.deepEqual(got.map((r) => r.answeredWith), [500, 200]);
      assert.equal(got[0]!.headers['x-gitlab-event-uuid'], got[1]!.headers['x-gitlab-event-uuid']);
      assert.equal(got[0]!.headers['idempotency-key'], got[1]!.headers['idempotency-key']);
      assert.notEqual(got[0]!.headers['x-gitlab-webhook-uuid'], got[1]!.headers['x-gitlab-webhook-uuid']);
      const log = await deliveries(t, hook.id);
      assert.deepEqual(log.map((row) => row.response_status), ['500', '200']);
      assert.equal(log[0]!.response_body, 'down for a moment');
      assert.equal((await findWebhookById(t.app.deps.db, hook.id))!.recent_failures, 0);
      assert.equal(await queued(t, hook.id), 0);
    });

    test('4 failures in a row disable a hook for 1 minute, then 2; its events wait and arrive once it answers again', async () => {
      const project = await newProject();
      const hook = await insertHook(t.app.deps, project, `${receiver.url}/flaky`);
      receiver.setFallback({ status: 502 });
      try {
        for (let i = 0; i < 4; i++) await queueEvent(t.app.deps, project, { body: { n: i } });
        await deliverNow(t.app.deps);
        const flaky = () => receiver.requests.filter((r) => r.path === '/flaky');
        assert.equal(flaky().length, 4);
        let state = (await findWebhookById(t.app.deps.db, hook.id))!;
        assert.equal(state.recent_failures, 4);
        assert.equal(state.disabled_until, new Date(t.clock.now().getTime() + MINUTE).toISOString());

        await queueEvent(t.app.deps, project, { body: { n: 4 } });
        t.clock.advance(MINUTE - 1000);
        await deliverNow(t.app.deps);
        assert.equal(flaky().length, 4, 'nothing is sent to a temporarily disabled hook');

        // Sent again once the minute is over, failing again: failures while it is disabled do not count.
        t.clock.advance(1000);
        await deliverNow(t.app.deps);
        assert.ok(flaky().length > 4);
        state = (await findWebhookById(t.app.deps.db, hook.id))!;
        assert.equal(state.recent_failures, 5);
        assert.equal(state.disabled_until, new Date(t.clock.now().getTime() + 2 * MINUTE).toISOString());
        assert.equal(await queued(t, hook.id), 5);

        receiver.setFallback({ status: 200 });
        t.clock.advance(2 * MINUTE);
        await deliverNow(t.app.deps);
        const delivered = flaky().filter((r) => r.answeredWith === 200);
        assert.deepEqual(delivered.map((r) => r.body.n).sort(), [0, 1, 2, 3, 4]);
        state = (await findWebhookById(t.app.deps.db, hook.id))!;
        assert.equal(state.recent_failures, 0);
        assert.equal(state.disabled_until, null);
        assert.equal(await queued(t, hook.id), 0);
      } finally {
        receiver.setFallback({ status: 200 });
      }
    });

    test('the 40th failure in a row disables a hook for good: its events are dropped; a successful test send re-enables it', async () => {
      const project = await newProject();
      const hook = await insertHook(t.app.deps, project, `${receiver.url}/dead-end`);
      await t.app.deps.db.updateTable('webhooks').set({ recent_failures: 39, backoff_count: 36, disabled_until: t.clock.now().toISOString() }).where('id', '=', hook.id).execute();
      receiver.script({ status: 404 });
      await queueEvent(t.app.deps, project, { body: { n: 'last' } });
      await deliverNow(t.app.deps);
      let state = (await findWebhookById(t.app.deps.db, hook.id))!;
      assert.equal(state.recent_failures, 40);
      assert.equal(state.permanently_disabled, 1);
      assert.equal(await queued(t, hook.id), 0, 'its failed event is given up');

      await queueEvent(t.app.deps, project, { body: { n: 'never' } });
      t.clock.advance(2 * 24 * 60 * MINUTE);
      await deliverNow(t.app.deps);
      assert.equal(receiver.requests.filter((r) => r.path === '/dead-end').length, 1);

      const result = await sendWebhookNow(t.app.deps, state, { event: 'Issue Hook', trigger: 'issues_events', body: { test: true } });
      assert.deepEqual([result.ok, result.status, result.error], [true, 200, null]);
      state = (await findWebhookById(t.app.deps.db, hook.id))!;
      assert.deepEqual([state.recent_failures, state.permanently_disabled, state.disabled_until], [0, 0, null]);
      assert.equal((await deliveries(t, hook.id)).length, 2, 'the test send is logged like any delivery');
    });

    test('a redirect is not followed: the 302 is the failure recorded', async () => {
      const projectId = await newProject();
      const hook = await insertHook(t.app.deps, projectId, `${receiver.url}/moved`);
      receiver.script({ status: 302, headers: { location: `${receiver.url}/elsewhere` } });
      await queueEvent(t.app.deps, projectId);
      await deliverNow(t.app.deps);
      assert.equal(receiver.requests.filter((r) => r.path === '/elsewhere').length, 0);
      const [log] = await deliveries(t, hook.id);
      assert.equal(log!.response_status, '302');
      assert.equal((await findWebhookById(t.app.deps.db, hook.id))!.recent_failures, 1);
      assert.equal(await queued(t, hook.id), 1, 'retried later');
    });

    test('an unreachable receiver is logged as an internal error with its reason', async () => {
      const projectId = await newProject();
      const closed = await startWebhookReceiver();
      const url = `${closed.url}/gone`;
      await closed.close();
      const hook = await insertHook(t.app.deps, projectId, url);
      const result = await sendWebhookNow(t.app.deps, hook, { event: 'Issue Hook', trigger: 'issues_events', body: {} });
      assert.equal(result.ok, false);
      assert.equal(result.status, null);
      assert.match(result.error!, /ECONNREFUSED/);
      const [log] = await deliveries(t, hook.id);
      assert.equal(log!.response_status, 'internal error');
      assert.match(log!.internal_error_message!, /ECONNREFUSED/);
    });

    test('the delivery log keeps 7 days', async () => {
      const projectId = await newProject();
      const hook = await insertHook(t.app.deps, projectId, `${receiver.url}/pruned`);
      await sendWebhookNow(t.app.deps, hook, { event: 'Issue Hook', trigger: 'issues_events', body: {} });
      t.clock.advance(7 * 24 * 60 * MINUTE);
      await sendWebhookNow(t.app.deps, hook, { event: 'Issue Hook', trigger: 'issues_events', body: {} });
      await pruneOldWebhookDeliveries(t.app.deps);
      assert.equal((await deliveries(t, hook.id)).length, 2, 'exactly 7 days old stays');
      t.clock.advance(1);
      assert.ok((await pruneOldWebhookDeliveries(t.app.deps)) >= 1);
      assert.equal((await deliveries(t, hook.id)).length, 1);
    });

    test('a receiver that never answers times out as an internal error; a stopping loop gives back the events it had not started', async () => {
      const project = await newProject();
      const hook = await insertHook(t.app.deps, project, `${receiver.url}/silent`);
      receiver.answerPath('/silent', { hang: true });
      // Only this test's events are due: the others' retries wait for a later clock.
      await t.app.deps.db.updateTable('outbox').set({ next_attempt_at: '2100-01-01T00:00:00.000Z' }).where('hook_id', '!=', hook.id).execute();
      const loop = startOutboxDelivery(t.app.deps, SENDERS, { pollMs: 3_600_000, concurrency: 1 });
      try {
        for (let i = 0; i < 3; i++) await queueEvent(t.app.deps, project, { body: { n: i } });
        loop.wake();
        await receiver.waitFor((requests) => requests.some((r) => r.path === '/silent'));
      } finally {
        await loop.stop();
      }
      assert.equal(receiver.requests.filter((r) => r.path === '/silent').length, 1);
      const [log] = await deliveries(t, hook.id);
      assert.equal(log!.response_status, 'internal error');
      assert.match(log!.internal_error_message!, /execution expired/);
      const left = await t.app.deps.db.selectFrom('outbox').selectAll().where('hook_id', '=', hook.id).execute();
      assert.equal(left.length, 3, 'nothing is lost');
      assert.ok(left.every((row) => row.claimed_by === null && row.claimed_until === null), 'no claim is left behind');
      receiver.answerPath('/silent', null);
    });

    test('only the first 8 KB of an answer are kept in the log', async () => {
      const hook = await insertHook(t.app.deps, await newProject(), `${receiver.url}/chatty`);
      receiver.script({ status: 200, body: 'x'.repeat(100_000) });
      const result = await sendWebhookNow(t.app.deps, hook, { event: 'Issue Hook', trigger: 'issues_events', body: {} });
      assert.equal(result.ok, true);
      const [log] = await deliveries(t, hook.id);
      assert.equal(log!.response_body, 'x'.repeat(8192));
    });

    test('the delivery loop sends a queued event as soon as it is woken, not at its next poll', async () => {
      const project = await newProject();
      await insertHook(t.app.deps, project, `${receiver.url}/woken`);
      const loop = startOutboxDelivery(t.app.deps, SENDERS, { pollMs: 3_600_000 });
      try {
        await new Promise((resolve) => setTimeout(resolve, 50));
        await queueEvent(t.app.deps, project);
        loop.wake();
        await receiver.waitFor((requests) => requests.some((r) => r.path === '/woken'), 5_000);
      } finally {
        await loop.stop();
      }
    });
  });

  describe(`webhook SSRF rules (${dialect})`, () => {
    test('without LATCHKEY_ALLOW_LOCAL_WEBHOOKS a hook to 127.0.0.1, localhost or a private address is refused and logged; nothing is sent', async () => {
      const t = await startTestApp(dialect);
      const receiver = await startWebhookReceiver();
      try {
        const project = (await createProject(t, t.rootToken, 'no-local')).id;
        const urls = [`${receiver.url}/direct`, `http://localhost:${receiver.port}/by-name`, `http://[::ffff:127.0.0.1]:${receiver.port}/mapped`, 'http://169.254.169.254/latest/meta-data', 'http://10.1.2.3/'];
        const hooks = [];
        for (const url of urls) hooks.push(await insertHook(t.app.deps, project, url));
        await queueEvent(t.app.deps, project);
        await deliverNow(t.app.deps);
        assert.equal(receiver.requests.length, 0);
        for (const hook of hooks) {
          const [log] = await deliveries(t, hook.id);
          assert.equal(log!.response_status, 'internal error', hook.url);
          assert.match(log!.internal_error_message!, /is blocked: Requests to the local network are not allowed/, hook.url);
        }
        const result = await sendWebhookNow(t.app.deps, hooks[1]!, { event: 'Issue Hook', trigger: 'issues_events', body: {} });
        assert.equal(result.ok, false);
        assert.match(result.error!, /localhost resolves to (127\.0\.0\.1|::1)/);
      } finally {
        await receiver.close();
        await t.close();
      }
    });
  });
}
