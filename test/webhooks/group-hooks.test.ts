import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { notifyExpiringTokens } from '../../src/services/notices/notify-expiring-tokens.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';
import { deliverNow } from '../helpers/webhook-fixtures.ts';
import { startWebhookReceiver, type ReceivedHook, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

// Group webhooks (GitLab's Group webhooks API): managed by the group's Owners; a group's hook gets
// the events of every project of the group and its subgroups (each event once, the project's own
// hooks still once too), and the group's access_token events with GitLab's `group` object. A
// project moved out of the group stops reaching its hooks at once. One server and one receiver per
// dialect; each hook posts to its own path.

const ALL_EVENTS = {
  push_events: true,
  tag_push_events: true,
  issues_events: true,
  note_events: true,
  merge_requests_events: true,
  releases_events: true,
  resource_access_token_events: true,
};

for (const dialect of DIALECTS) {
  describe(`group webhooks (${dialect})`, () => {
    let f: GitFixture;
    let receiver: WebhookReceiver;
    let top: { id: number; full_path: string };
    let sub: { id: number; full_path: string };
    let project: { id: number; path: string };
    let work: string;
    let maintainer: { id: number; token: string };
    let outsider: { id: number; token: string };

    const groupApi = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, options: { token?: string; body?: unknown } = {}) =>
      f.t.api(method, `/groups${path}`, options);
    const addGroupHook = async (groupId: number, path: string, body: Record<string, unknown> = ALL_EVENTS): Promise<number> => {
      const res = await groupApi('POST', `/${groupId}/hooks`, { body: { url: `${receiver.url}${path}`, token: `secret${path.replaceAll('/', '-')}`, ...body } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id;
    };
    /** Delivers what is queued and returns what each path got since `from`. */
    const deliveredSince = async (from: number): Promise<ReceivedHook[]> => {
      await deliverNow(f.t.app.deps);
      return receiver.requests.slice(from);
    };
    const at = (requests: ReceivedHook[], path: string, event?: string) =>
      requests.filter((r) => r.path === path && (event === undefined || r.headers['x-gitlab-event'] === event));
    const git = async (args: string[]) => {
      const result = await f.cli.git(args, { cwd: work });
      assert.equal(result.code, 0, result.stderr);
    };

    before(async () => {
      f = await startGitFixture(dialect, { LATCHKEY_ALLOW_LOCAL_WEBHOOKS: 'true' });
      receiver = await startWebhookReceiver();
      top = (await groupApi('POST', '', { body: { name: 'Team', path: 'team' } })).body;
      sub = (await groupApi('POST', '', { body: { name: 'Backend', path: 'backend', parent_id: top.id } })).body;
      const made = await f.t.api('POST', '/projects', { body: { name: 'Api', path: 'api', namespace_id: sub.id } });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      project = { id: made.body.id, path: made.body.path_with_namespace };
      work = await f.seed(project.path);
      maintainer = await f.t.createUser('group-maintainer');
      outsider = await f.t.createUser('group-outsider');
      assert.equal((await groupApi('POST', `/${top.id}/members`, { body: { user_id: maintainer.id, access_level: 40 } })).status, 201);
    });
    after(async () => {
      await receiver.close();
      await f.close();
    });

    test('an Owner adds, lists, reads, changes and deletes a group hook; GitLab\'s GroupHook fields, never the token', async () => {
      const created = await groupApi('POST', `/${top.id}/hooks`, {
        body: { url: 'https://hooks.example.com/team', token: 'never-shown', name: 'Team hook', issues_events: true, push_events_branch_filter: 'main' },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const hook = created.body;
      assert.equal(hook.group_id, top.id);
      assert.equal('project_id' in hook, false);
      assert.equal('token' in hook, false);
      assert.equal(hook.url, 'https://hooks.example.com/team');
      assert.equal(hook.name, 'Team hook');
      assert.equal(hook.push_events, true);
      assert.equal(hook.issues_events, true);
      assert.equal(hook.merge_requests_events, false);
      assert.equal(hook.subgroup_events, false);
      assert.equal(hook.member_events, false);
      assert.equal(hook.push_events_branch_filter, 'main');
      assert.equal(hook.alert_status, 'executable');

      const listed = await groupApi('GET', `/${encodeURIComponent(top.full_path)}/hooks`);
      assert.equal(listed.status, 200);
      assert.deepEqual(listed.body.map((h: any) => h.id), [hook.id]);
      assert.equal(listed.headers['x-total'], '1');
      assert.deepEqual((await groupApi('GET', `/${top.id}/hooks/${hook.id}`)).body, hook);

      const changed = await groupApi('PUT', `/${top.id}/hooks/${hook.id}`, { body: { merge_requests_events: true, issues_events: false } });
      assert.equal(changed.status, 200);
      assert.equal(changed.body.merge_requests_events, true);
      assert.equal(changed.body.issues_events, false);
      assert.equal(changed.body.name, 'Team hook');

      // A group's hook is not the subgroup's, nor a project's.
      const elsewhere = await groupApi('GET', `/${sub.id}/hooks/${hook.id}`);
      assert.deepEqual([elsewhere.status, elsewhere.body], [404, { message: '404 Not found' }]);
      assert.equal((await f.t.api('GET', `/projects/${project.id}/hooks/${hook.id}`)).status, 404);

      const deleted = await groupApi('DELETE', `/${top.id}/hooks/${hook.id}`);
      assert.equal(deleted.status, 204);
      const gone = await groupApi('GET', `/${top.id}/hooks/${hook.id}`);
      assert.deepEqual([gone.status, gone.body], [404, { message: '404 Not found' }]);
    });

    test('a Maintainer of the group gets 403 on every hook route, an outsider 404 for the private group; bad input gets GitLab\'s errors', async () => {
      const hookId = await addGroupHook(top.id, '/guarded', { push_events: true });
      for (const [method, path, body] of [
        ['GET', `/${top.id}/hooks`, undefined],
        ['GET', `/${top.id}/hooks/${hookId}`, undefined],
        ['POST', `/${top.id}/hooks`, { url: 'https://evil.example/planted' }],
        ['PUT', `/${top.id}/hooks/${hookId}`, { url: 'https://evil.example/defaced' }],
        ['DELETE', `/${top.id}/hooks/${hookId}`, undefined],
        ['POST', `/${top.id}/hooks/${hookId}/test/push_events`, undefined],
      ] as const) {
        const asMaintainer = await groupApi(method, path, { token: maintainer.token, body });
        assert.deepEqual([asMaintainer.status, asMaintainer.body], [403, { message: '403 Forbidden' }], `${method} ${path} as a Maintainer`);
        const asOutsider = await groupApi(method, path, { token: outsider.token, body });
        assert.deepEqual([asOutsider.status, asOutsider.body], [404, { message: '404 Group Not Found' }], `${method} ${path} as an outsider`);
      }
      assert.equal((await groupApi('GET', `/${top.id}/hooks/${hookId}`)).body.url, `${receiver.url}/guarded`);

      const missing = await groupApi('POST', `/${top.id}/hooks`, { body: {} });
      assert.deepEqual([missing.status, missing.body], [400, { error: 'url is missing' }]);
      const invalid = await groupApi('POST', `/${top.id}/hooks`, { body: { url: 'ftp://example.com/hook' } });
      assert.deepEqual([invalid.status, invalid.body], [422, { error: 'Invalid url given' }]);
      const unknown = await groupApi('PUT', `/${top.id}/hooks/999999`, { body: { push_events: false } });
      assert.deepEqual([unknown.status, unknown.body], [404, { message: '404 Not found' }]);
      const noGroup = await groupApi('GET', '/999999/hooks');
      assert.deepEqual([noGroup.status, noGroup.body], [404, { message: '404 Group Not Found' }]);
      assert.equal((await groupApi('DELETE', `/${top.id}/hooks/${hookId}`)).status, 204);
    });

    test('a push, an issue, a comment and a merge request in a subgroup\'s project reach the top group\'s and the subgroup\'s hooks once each, and the project\'s own hook once', async () => {
      const topHook = await addGroupHook(top.id, '/top');
      const subHook = await addGroupHook(sub.id, '/sub');
      const projectHook = await f.t.api('POST', `/projects/${project.id}/hooks`, { body: { url: `${receiver.url}/project`, ...ALL_EVENTS } });
      assert.equal(projectHook.status, 201);
      const from = receiver.requests.length;

      await f.cli.commit(work, { 'feature.txt': 'feature\n' }, 'Add a feature');
      await git(['push', '--quiet', 'origin', 'main']);
      await git(['push', '--quiet', 'origin', 'main:feature']);
      const issue = await f.t.api('POST', `/projects/${project.id}/issues`, { body: { title: 'Seen by the group' } });
      assert.equal(issue.status, 201);
      assert.equal((await f.t.api('POST', `/projects/${project.id}/issues/${issue.body.iid}/notes`, { body: { body: 'A comment' } })).status, 201);
      await f.cli.commit(work, { 'more.txt': 'more\n' }, 'More on the branch');
      await git(['push', '--quiet', 'origin', 'HEAD:feature']);
      const mr = await f.t.api('POST', `/projects/${project.id}/merge_requests`, { body: { source_branch: 'feature', target_branch: 'main', title: 'Group sees this' } });
      assert.equal(mr.status, 201, JSON.stringify(mr.body));

      const got = await deliveredSince(from);
      for (const path of ['/top', '/sub', '/project']) {
        // main, and feature created then moved: three pushes.
        assert.equal(at(got, path, 'Push Hook').length, 3, `${path}: pushes`);
        assert.equal(at(got, path, 'Issue Hook').length, 1, `${path}: issue`);
        assert.equal(at(got, path, 'Note Hook').length, 1, `${path}: note`);
        assert.equal(at(got, path, 'Merge Request Hook').length, 1, `${path}: merge request`);
      }
      const push = at(got, '/top', 'Push Hook')[0]!;
      assert.equal(push.headers['x-gitlab-token'], 'secret-top');
      assert.equal(push.headers['x-gitlab-instance'], f.t.config.externalUrl);
      assert.match(String(push.headers['user-agent']), /^GitLab\//);
      assert.equal(push.body.object_kind, 'push');
      assert.equal(push.body.project.path_with_namespace, 'team/backend/api');
      assert.equal(push.body.project.namespace, 'Backend');
      assert.equal(at(got, '/sub', 'Push Hook')[0]!.headers['x-gitlab-token'], 'secret-sub');
      // One event, one X-Gitlab-Event-UUID, whichever hook gets it.
      const issueUuids = ['/top', '/sub', '/project'].map((path) => at(got, path, 'Issue Hook')[0]!.headers['x-gitlab-event-uuid']);
      assert.equal(new Set(issueUuids).size, 1);
      assert.equal(at(got, '/top', 'Issue Hook')[0]!.body.object_attributes.title, 'Seen by the group');
      assert.equal(at(got, '/top', 'Merge Request Hook')[0]!.body.object_attributes.title, 'Group sees this');

      // The delivery log of a group hook is kept like a project hook's.
      const logged = await f.t.app.deps.db.selectFrom('webhook_deliveries').select('trigger').where('hook_id', '=', topHook).execute();
      assert.ok(logged.some((row) => row.trigger === 'push_hooks'));
      for (const id of [topHook, subHook]) await groupApi('DELETE', `/${id === topHook ? top.id : sub.id}/hooks/${id}`);
      await f.t.api('DELETE', `/projects/${project.id}/hooks/${projectHook.body.id}`);
    });

    test('the test trigger sends a sample push of the group\'s first project with commits; a group without one gets GitLab\'s 422', async () => {
      const hookId = await addGroupHook(sub.id, '/tested', { push_events: true });
      const from = receiver.requests.length;
      const tested = await groupApi('POST', `/${sub.id}/hooks/${hookId}/test/push_events`);
      assert.deepEqual([tested.status, tested.body], [201, { message: '201 Created' }]);
      const sample = at(receiver.requests.slice(from), '/tested', 'Push Hook');
      assert.equal(sample.length, 1);
      assert.equal(sample[0]!.body.project.path_with_namespace, 'team/backend/api');

      const emptyHook = await addGroupHook(top.id, '/empty', { push_events: true });
      const empty = await groupApi('POST', `/${top.id}/hooks/${emptyHook}/test/push_events`);
      assert.deepEqual([empty.status, empty.body], [422, { message: 'Ensure the group has a project with commits.' }]);
      await groupApi('DELETE', `/${sub.id}/hooks/${hookId}`);
      await groupApi('DELETE', `/${top.id}/hooks/${emptyHook}`);
    });

    test('a group token\'s expiry notice fires the group access_token event once, with GitLab\'s group object, to the group\'s and its ancestors\' hooks', async () => {
      const topHook = await addGroupHook(top.id, '/top-tokens', { push_events: false, resource_access_token_events: true });
      const subHook = await addGroupHook(sub.id, '/sub-tokens', { push_events: false, resource_access_token_events: true });
      const silent = await addGroupHook(top.id, '/no-tokens', { push_events: true });
      const made = await groupApi('POST', `/${sub.id}/access_tokens`, { body: { name: 'renovate', scopes: ['api'], access_level: 30, expires_at: '2026-12-07' } });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const from = receiver.requests.length;
      f.t.clock.set('2026-11-30T09:00:00.000Z'); // 7 days left
      const sent = await notifyExpiringTokens(f.t.app.deps);
      assert.deepEqual(sent.map((s) => [s.tokenId, s.threshold, s.hooks]), [[made.body.id, '7', 2]]);
      assert.deepEqual(await notifyExpiringTokens(f.t.app.deps), []);
      const got = await deliveredSince(from);
      assert.equal(at(got, '/no-tokens').length, 0);
      assert.equal(at(got, '/top-tokens').length, 1);
      const [event] = at(got, '/sub-tokens', 'Resource Access Token Hook');
      assert.ok(event);
      assert.deepEqual(event.body, {
        object_kind: 'access_token',
        group_id: sub.id,
        group: { group_name: 'Backend', group_path: 'backend', full_path: 'team/backend', group_id: sub.id },
        object_attributes: { user_id: made.body.user_id, created_at: event.body.object_attributes.created_at, id: made.body.id, name: 'renovate', expires_at: '2026-12-07' },
        event_name: 'expiring_access_token',
      });
      assert.match(event.body.object_attributes.created_at, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
      f.t.clock.set('2026-12-07T00:00:01.000Z'); // the expiry date: Latchkey's own expired event
      await notifyExpiringTokens(f.t.app.deps);
      const expired = at(await deliveredSince(from), '/sub-tokens', 'Resource Access Token Hook').map((r) => r.body.event_name);
      assert.deepEqual(expired, ['expiring_access_token', 'expired_access_token']);
      for (const [group, id] of [[top.id, topHook], [sub.id, subHook], [top.id, silent]] as const) await groupApi('DELETE', `/${group}/hooks/${id}`);
    });

    test('a project moved out of the group stops reaching the old group\'s hooks at once', async () => {
      const moving = await f.t.api('POST', '/projects', { body: { name: 'Mover', path: 'mover', namespace_id: sub.id } });
      assert.equal(moving.status, 201);
      await addGroupHook(top.id, '/before-move', { push_events: false, issues_events: true });
      const from = receiver.requests.length;
      assert.equal((await f.t.api('POST', `/projects/${moving.body.id}/issues`, { body: { title: 'Inside' } })).status, 201);
      const moved = await f.t.api('PUT', `/projects/${moving.body.id}/transfer`, { body: { namespace: 'root' } });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      assert.equal((await f.t.api('POST', `/projects/${moving.body.id}/issues`, { body: { title: 'Outside' } })).status, 201);
      const got = at(await deliveredSince(from), '/before-move', 'Issue Hook');
      assert.deepEqual(got.map((r) => r.body.object_attributes.title), ['Inside']);
    });

    test('deleting a group deletes its hooks and what they still had queued', async () => {
      const doomed = (await groupApi('POST', '', { body: { name: 'Doomed', path: 'doomed' } })).body;
      const hookId = await addGroupHook(doomed.id, '/doomed');
      assert.equal((await groupApi('DELETE', `/${doomed.id}`)).status, 202);
      const left = await f.t.app.deps.db.selectFrom('webhooks').select('id').where('id', '=', hookId).execute();
      assert.deepEqual(left, []);
    });
  });
}
