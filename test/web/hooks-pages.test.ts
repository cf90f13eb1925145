import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { ROOT_PASSWORD, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { signedInMember } from './signed-in-member.ts';
import { startWebhookReceiver } from '../helpers/webhook-receiver.ts';
import { WebClient, textOf } from './web-client.ts';

const SECRET = 'web-hook-secret-4b1d';

for (const dialect of DIALECTS) {
  describe(`web Settings › Webhooks pages (${dialect})`, () => {
    let t: TestApp;
    let root: WebClient;
    let projectId: number;
    const base = '/root/hooked-web/-/hooks';

    before(async () => {
      t = await startTestApp(dialect);
      root = new WebClient(t);
      await root.signIn('root', ROOT_PASSWORD);
      projectId = (await t.api('POST', '/projects', { body: { name: 'hooked-web' } })).body.id;
    });
    after(() => t.close());

    test('a Maintainer adds a hook with a secret, events and a branch filter; the list shows it, never the secret', async () => {
      const empty = await root.get(base);
      assert.equal(empty.status, 200);
      assert.match(textOf(empty.body), /No webhooks enabled/);
      assert.match(empty.body, /Settings › Webhooks/);
      const created = await root.post(base, {
        url: 'https://hooks.example.com/web',
        name: 'CI trigger',
        description: 'starts the build',
        token: SECRET,
        triggers: ['push_events', 'merge_requests_events'],
        branch_filter_strategy: 'wildcard',
        push_events_branch_filter: 'release/*',
        enable_ssl_verification: '1',
      });
      assert.equal(created.status, 303);
      assert.equal(created.headers.location, `${base}?notice=hook_created`);
      const list = await root.get(`${base}?notice=hook_created`);
      const text = textOf(list.body);
      assert.match(text, /The webhook was created\./);
      assert.match(text, /CI trigger .*https:\/\/hooks\.example\.com\/web .*starts the build .*Push events, Merge request events .*enabled/);
      assert.ok(!list.body.includes(SECRET));
      const api = await t.api('GET', `/projects/${projectId}/hooks`);
      assert.equal(api.body[0].push_events_branch_filter, 'release/*');
      assert.equal(api.body[0].merge_requests_events, true);
      assert.equal(api.body[0].issues_events, false);
    });

    test('the form refuses a local URL with the API’s message and keeps what was typed', async () => {
      await root.get(base);
      const res = await root.post(base, { url: 'http://127.0.0.1:9000/', name: 'local', triggers: ['issues_events'] });
      assert.equal(res.status, 400);
      assert.match(textOf(res.body), /Invalid url given/);
      assert.match(res.body, /value="http:\/\/127\.0\.0\.1:9000\/"/);
      assert.match(res.body, /value="issues_events" checked/);
    });

    test('edit changes events and keeps the token when left empty; recent events list deliveries newest first with details', async () => {
      const hook = (await t.api('POST', `/projects/${projectId}/hooks`, { body: { url: 'https://edit.example.com/', token: SECRET, name: 'editable' } })).body;
      const edit = await root.get(`${base}/${hook.id}/edit`);
      assert.equal(edit.status, 200);
      assert.match(textOf(edit.body), /No recent events/);
      const saved = await root.post(`${base}/${hook.id}`, { url: 'https://edit.example.com/', name: 'edited', triggers: ['tag_push_events'], branch_filter_strategy: 'all_branches' });
      assert.equal(saved.status, 303);
      const after = (await t.api('GET', `/projects/${projectId}/hooks/${hook.id}`)).body;
      assert.equal(after.name, 'edited');
      assert.equal(after.push_events, false);
      assert.equal(after.tag_push_events, true);
      assert.equal(after.enable_ssl_verification, false);
      const row = await t.app.deps.db.selectFrom('webhooks').select('token_encrypted').where('id', '=', hook.id).executeTakeFirstOrThrow();
      assert.notEqual(row.token_encrypted, null, 'an empty token field keeps the token');

      const now = t.clock.now().getTime();
      const delivery = (at: number, status: string) => ({
        hook_id: hook.id,
        uuid: `uuid-${at}`,
        trigger: 'push_hooks',
        url: 'https://edit.example.com/',
        request_headers: JSON.stringify({ 'Content-Type': 'application/json', 'X-Gitlab-Event': 'Push Hook', 'X-Gitlab-Token': SECRET }),
        request_data: JSON.stringify({ object_kind: 'push', ref: `refs/heads/at-${at}` }),
        response_status: status,
        response_headers: JSON.stringify({ 'content-type': 'text/plain' }),
        response_body: `answer at ${at}`,
        execution_duration: 0.25,
        internal_error_message: null,
        created_at: new Date(now - at * 3_600_000).toISOString(),
      });
      await t.app.deps.db.insertInto('webhook_deliveries').values([delivery(1, '200'), delivery(2, '500'), delivery(24 * 8, '200')]).execute();
      const withEvents = await root.get(`${base}/${hook.id}/edit`);
      const text = textOf(withEvents.body);
      assert.match(text, /Recent events .*200 push_hooks .*500 push_hooks/);
      assert.doesNotMatch(text, /No recent events/);
      const logIds = [...withEvents.body.matchAll(/hook_logs\/(\d+)/g)].map((m) => m[1]);
      assert.equal(logIds.length, 2, 'older than seven days is not shown');
      const log = await root.get(`${base}/${hook.id}/hook_logs/${logIds[0]}`);
      assert.equal(log.status, 200);
      const logText = textOf(log.body);
      assert.match(logText, /Request details .*200/);
      assert.match(logText, /X-Gitlab-Event: Push Hook/);
      assert.match(logText, /refs\/heads\/at-1/);
      assert.match(logText, /answer at 1/);
      assert.ok(!log.body.includes(SECRET), 'the token in the stored headers is not shown');
    });

    test('test sends a sample event now and shows it under Recent events; delete removes the hook', async () => {
      const receiver = await startWebhookReceiver();
      const local = await startTestApp(dialect, { LATCHKEY_ALLOW_LOCAL_WEBHOOKS: 'true' });
      try {
        const admin = new WebClient(local);
        await admin.signIn('root', ROOT_PASSWORD);
        await local.api('POST', '/projects', { body: { name: 'hooked-web' } });
        const localHook = (await local.api('POST', '/projects/1/hooks', { body: { url: `${receiver.url}/web` } })).body;
        await admin.get(`${base}/${localHook.id}/edit`);
        const sent = await admin.post(`${base}/${localHook.id}/test`, { trigger: 'push_events' });
        assert.equal(sent.status, 303);
        assert.equal(receiver.requests.length, 1);
        assert.equal(receiver.requests[0]!.headers['x-gitlab-event'], 'Push Hook');
        const page = textOf((await admin.get(sent.headers.location as string)).body);
        assert.match(page, /A test event was sent/);
        assert.match(page, /Recent events .*200 push_hooks/);
      } finally {
        await local.close();
        await receiver.close();
      }
      const hook = (await t.api('POST', `/projects/${projectId}/hooks`, { body: { url: 'https://doomed.example.com/' } })).body;
      await root.get(`${base}/${hook.id}/edit`);
      const noIssues = await root.post(`${base}/${hook.id}/test`, { trigger: 'issues_events' });
      assert.equal(noIssues.status, 400);
      assert.match(textOf(noIssues.body), /Ensure the project has issues\./);
      const deleted = await root.post(`${base}/${hook.id}/delete`, {});
      assert.equal(deleted.status, 303);
      assert.equal(deleted.headers.location, `${base}?notice=hook_deleted`);
      assert.equal((await t.api('GET', `/projects/${projectId}/hooks/${hook.id}`)).status, 404);
    });

    test('a Developer has no Webhooks tab and is refused the pages and forms; posts without CSRF are refused', async () => {
      const hook = (await t.api('POST', `/projects/${projectId}/hooks`, { body: { url: 'https://guarded.example.com/' } })).body;
      const developer = await signedInMember(t, projectId, 'web-hooks-dev', 30);
      const project = await developer.get('/root/hooked-web');
      assert.doesNotMatch(project.body, /Settings › Webhooks/);
      for (const url of [base, `${base}/${hook.id}/edit`]) assert.equal((await developer.get(url)).status, 403, url);
      assert.equal((await developer.post(base, { url: 'https://evil.example/' })).status, 403);
      assert.equal((await developer.post(`${base}/${hook.id}/delete`, {})).status, 403);
      assert.equal((await t.api('GET', `/projects/${projectId}/hooks/${hook.id}`)).status, 200);
      const noCsrf = await root.post(`${base}/${hook.id}/delete`, {}, { csrf: null });
      assert.equal(noCsrf.status, 403);
      assert.equal((await t.api('GET', `/projects/${projectId}/hooks/${hook.id}`)).status, 200);
    });
  });
}
