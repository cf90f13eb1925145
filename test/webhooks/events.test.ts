import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { sshUrl } from '../git/git-cli.ts';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';
import { deliverNow, insertHook } from '../helpers/webhook-fixtures.ts';
import { startWebhookReceiver } from '../helpers/webhook-receiver.ts';

const BLANK = '0000000000000000000000000000000000000000';

interface Queued {
  hookId: number;
  event: string;
  trigger: string;
  body: any;
}

for (const dialect of DIALECTS) {
  describe(`webhook events: GitLab's payloads, queued with the change (${dialect})`, () => {
    let f: GitFixture;
    let project: { id: number; path: string };
    let work: string;
    let hook: number;
    let releaseHook: number;

    const addHook = async (projectId: number, triggers: string[], filter: string | null = null): Promise<number> => {
      const now = f.t.clock.now().toISOString();
      const row = await f.t.app.deps.db
        .insertInto('webhooks')
        .values({
          project_id: projectId,
          url: 'http://127.0.0.1:9/hook',
          token_encrypted: null,
          name: null,
          description: null,
          triggers: JSON.stringify(triggers),
          push_events_branch_filter: filter,
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
    };
    /** What the outbox holds for delivery, oldest first, and empties it for the next test. */
    const takeQueued = async (): Promise<Queued[]> => {
      const rows = await f.t.app.deps.db.selectFrom('outbox').select(['hook_id', 'payload', 'kind']).orderBy('id').execute();
      await f.t.app.deps.db.deleteFrom('outbox').execute();
      return rows
        .filter((row) => row.kind === 'webhook')
        .map((row) => {
          const payload = JSON.parse(row.payload);
          return { hookId: row.hook_id!, event: payload.event, trigger: payload.trigger, body: payload.body };
        });
    };
    const only = async (event: string, hookId = hook): Promise<any> => {
      const found = (await takeQueued()).filter((q) => q.hookId === hookId && q.event === event);
      assert.equal(found.length, 1, `one ${event} for hook ${hookId}, got ${found.length}`);
      return found[0]!.body;
    };
    const git = async (args: string[], env?: Record<string, string>) => {
      const result = await f.cli.git(args, { cwd: work, ...(env && { env }) });
      assert.equal(result.code, 0, result.stderr);
      return result.stdout.trim();
    };
    const api = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, status?: number) => {
      const res = await f.t.api(method, `/projects/${project.id}${path}`, body === undefined ? {} : { body });
      if (status !== undefined) assert.equal(res.status, status, JSON.stringify(res.body));
      return res.body;
    };

    before(async () => {
      f = await startGitFixture(dialect, { LATCHKEY_ALLOW_LOCAL_WEBHOOKS: 'true' });
      project = await f.createProject('hooked');
      work = await f.seed(project.path);
      hook = await addHook(project.id, ['push_events', 'tag_push_events', 'issues_events', 'note_events', 'merge_requests_events']);
      releaseHook = await addHook(project.id, ['releases_events']);
      await takeQueued();
    });
    after(() => f.close());

    test('delivered end to end: a real receiver gets the Push Hook of a git push and the Issue Hook of an API call', async () => {
      const receiver = await startWebhookReceiver();
      try {
        const other = await f.createProject('delivered');
        const seedDir = await f.seed(other.path);
        await insertHook(f.t.app.deps, other.id, `${receiver.url}/hook`, { token: 'hook-secret', triggers: ['push_events', 'issues_events'] });
        await f.cli.commit(seedDir, { 'e2e.txt': 'e2e\n' }, 'End to end');
        assert.equal((await f.cli.git(['push', '--quiet', 'origin', 'main'], { cwd: seedDir })).code, 0);
        assert.equal((await f.t.api('POST', `/projects/${other.id}/issues`, { body: { title: 'Delivered' } })).status, 201);
        await deliverNow(f.t.app.deps);
        const got = await receiver.waitFor((requests) => requests.length >= 2);
        const push = got.find((r) => r.headers['x-gitlab-event'] === 'Push Hook')!;
        assert.equal(push.headers['x-gitlab-token'], 'hook-secret');
        assert.equal(push.body.object_kind, 'push');
        assert.equal(push.body.project.path_with_namespace, other.path);
        assert.deepEqual(push.body.commits.map((c: any) => c.title), ['End to end']);
        const issue = got.find((r) => r.headers['x-gitlab-event'] === 'Issue Hook')!;
        assert.equal(issue.body.object_attributes.title, 'Delivered');
        assert.equal(issue.body.object_attributes.action, 'open');
      } finally {
        await takeQueued();
        await receiver.close();
      }
    });

    test('a project without hooks queues nothing for a push, an issue or a comment', async () => {
      const bare = await f.createProject('unhooked');
      await f.seed(bare.path);
      const issue = await f.t.api('POST', `/projects/${bare.id}/issues`, { body: { title: 'Quiet' } });
      assert.equal(issue.status, 201);
      assert.equal((await f.t.api('POST', `/projects/${bare.id}/issues/${issue.body.iid}/notes`, { body: { body: 'hush' } })).status, 201);
      assert.deepEqual(await takeQueued(), []);
    });

    test('git push over HTTP of a new branch: one Push Hook with GitLab fields, the commits oldest first with their paths', async () => {
      await git(['switch', '--quiet', '-c', 'feature']);
      await f.cli.commit(work, { 'a.txt': 'a\n' }, 'Add a\n\nWith a body.');
      await f.cli.commit(work, { 'README.md': '# Changed\n' }, 'Change the readme');
      await git(['rm', '--quiet', 'docs/guide.md']);
      await git(['commit', '--quiet', '-m', 'Remove the guide']);
      await git(['push', '--quiet', 'origin', 'feature']);
      const head = await git(['rev-parse', 'HEAD']);
      const body = await only('Push Hook');
      assert.equal(body.object_kind, 'push');
      assert.equal(body.event_name, 'push');
      assert.equal(body.before, BLANK);
      assert.equal(body.after, head);
      assert.equal(body.ref, 'refs/heads/feature');
      assert.equal(body.ref_protected, false);
      assert.equal(body.checkout_sha, head);
      assert.equal(body.message, null);
      assert.equal(body.user_username, 'root');
      assert.equal(body.user_email, '[REDACTED]');
      assert.equal(body.project_id, project.id);
      assert.equal(body.project.path_with_namespace, project.path);
      assert.equal(body.project.git_http_url, `${f.t.config.externalUrl}/${project.path}.git`);
      assert.equal(body.project.visibility_level, 0);
      assert.equal(body.repository.homepage, `${f.t.config.externalUrl}/${project.path}`);
      assert.equal(body.total_commits_count, 3);
      assert.deepEqual(
        body.commits.map((c: any) => [c.title, c.added, c.modified, c.removed]),
        [
          ['Add a', ['a.txt'], [], []],
          ['Change the readme', [], ['README.md'], []],
          ['Remove the guide', [], [], ['docs/guide.md']],
        ],
      );
      const first = body.commits[0];
      assert.equal(first.message, 'Add a\n\nWith a body.\n');
      assert.deepEqual(first.author, { name: 'Test Pusher', email: 'pusher@example.com' });
      assert.equal(first.url, `${f.t.config.externalUrl}/${project.path}/-/commit/${first.id}`);
      assert.match(first.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$|Z$/);
    });

    test('git push over SSH to an existing branch: before and after, the one new commit', async () => {
      const previous = await git(['rev-parse', 'HEAD']);
      await f.cli.commit(work, { 'b.txt': 'b\n' }, 'Add b');
      // review-fid: an author date apart from the committer date, as a rebase or cherry-pick leaves them
      await git(['commit', '--quiet', '--amend', '--no-edit', '--date', '2001-02-03T04:05:06+05:00']);
      await git(['push', '--quiet', sshUrl(f.ssh.port, project.path), 'feature'], f.cli.sshEnv(f.ssh.port, { password: f.t.rootToken }));
      const body = await only('Push Hook');
      assert.equal(body.before, previous);
      assert.equal(body.after, await git(['rev-parse', 'HEAD']));
      assert.equal(body.total_commits_count, 1);
      assert.deepEqual(body.commits.map((c: any) => c.title), ['Add b']);
      // GitLab's Commit#timestamp is the committer date in its own offset, not the author date.
      assert.equal(body.commits[0].timestamp, await git(['log', '-1', '--format=%cI']));
      assert.notEqual(body.commits[0].timestamp, '2001-02-03T04:05:06+05:00');
    });

    test('an API commit to the protected default branch fires a Push Hook with ref_protected', async () => {
      const commit = await api('POST', '/repository/commits', { branch: 'main', commit_message: 'API edit', actions: [{ action: 'create', file_path: 'api.txt', content: 'x' }] }, 201);
      const body = await only('Push Hook');
      assert.equal(body.ref, 'refs/heads/main');
      assert.equal(body.ref_protected, true);
      assert.equal(body.after, commit.id);
      assert.deepEqual(body.commits.map((c: any) => [c.id, c.added]), [[commit.id, ['api.txt']]]);
    });

    test('an annotated tag push fires a Tag Push Hook with the tagged commit and the message; its deletion too', async () => {
      const head = await git(['rev-parse', 'HEAD']);
      await git(['tag', '-a', 'v1.0', '-m', 'First release']);
      await git(['push', '--quiet', 'origin', 'v1.0']);
      let body = await only('Tag Push Hook');
      assert.equal(body.object_kind, 'tag_push');
      assert.equal(body.ref, 'refs/tags/v1.0');
      assert.equal(body.before, BLANK);
      assert.equal(body.after, await git(['rev-parse', 'v1.0']));
      assert.equal(body.checkout_sha, head);
      assert.equal(body.message, 'First release');
      assert.deepEqual(body.commits.map((c: any) => c.id), [head]);
      assert.equal(body.total_commits_count, 1);

      await git(['push', '--quiet', 'origin', '--delete', 'v1.0']);
      body = await only('Tag Push Hook');
      assert.equal(body.after, BLANK);
      assert.equal(body.checkout_sha, null);
      assert.deepEqual(body.commits, []);
    });

    test('a branch deletion fires a Push Hook with after 000…0 and no commits', async () => {
      await git(['push', '--quiet', 'origin', 'HEAD:refs/heads/short-lived']);
      await takeQueued();
      const tip = await git(['rev-parse', 'HEAD']);
      await api('DELETE', '/repository/branches/short-lived', undefined, 204);
      const body = await only('Push Hook');
      assert.equal(body.before, tip);
      assert.equal(body.after, BLANK);
      assert.equal(body.checkout_sha, null);
      assert.deepEqual(body.commits, []);
      assert.equal(body.total_commits_count, 0);
    });

    test("a hook's branch filter is honoured; a push of more than 3 refs fires no push hooks (push_event_hooks_limit)", async () => {
      const filtered = await addHook(project.id, ['push_events'], 'release/*');
      await git(['push', '--quiet', 'origin', 'HEAD:refs/heads/other']);
      assert.deepEqual((await takeQueued()).map((q) => q.hookId), [hook]);
      await git(['push', '--quiet', 'origin', 'HEAD:refs/heads/release/1.0']);
      assert.deepEqual((await takeQueued()).map((q) => q.hookId).sort(), [hook, filtered].sort());

      await git(['push', '--quiet', 'origin', 'HEAD:refs/heads/bulk-1', 'HEAD:refs/heads/bulk-2', 'HEAD:refs/heads/bulk-3', 'HEAD:refs/heads/bulk-4']);
      assert.deepEqual(await takeQueued(), []);
      const events = await f.t.api('GET', `/projects/${project.id}/events?per_page=5`);
      assert.ok(events.body.some((e: any) => e.push_data?.ref === 'bulk-4'), 'the push itself is still recorded');
      await f.t.app.deps.db.deleteFrom('webhooks').where('id', '=', filtered).execute();
    });

    test('issues: open, update (with changes) and close fire Issue Hooks', async () => {
      const issue = await api('POST', '/issues', { title: 'Broken build', description: 'It fails', labels: 'bug' }, 201);
      let body = await only('Issue Hook');
      assert.equal(body.object_kind, 'issue');
      assert.equal(body.event_type, 'issue');
      assert.equal(body.user.username, 'root');
      assert.equal(body.user.email, '[REDACTED]');
      assert.equal(body.object_attributes.action, 'open');
      assert.equal(body.object_attributes.iid, issue.iid);
      assert.equal(body.object_attributes.id, issue.id);
      assert.equal(body.object_attributes.state, 'opened');
      assert.equal(body.object_attributes.url, `${f.t.config.externalUrl}/${project.path}/-/issues/${issue.iid}`);
      assert.deepEqual(body.labels.map((l: any) => l.title), ['bug']);
      assert.equal(body.repository.homepage, `${f.t.config.externalUrl}/${project.path}`);
      assert.deepEqual(body.changes, {});

      await api('PUT', `/issues/${issue.iid}`, { title: 'Broken build on main', add_labels: 'ci' }, 200);
      body = await only('Issue Hook');
      assert.equal(body.object_attributes.action, 'update');
      assert.deepEqual(body.changes.title, { previous: 'Broken build', current: 'Broken build on main' });
      assert.deepEqual(body.changes.labels.previous.map((l: any) => l.title), ['bug']);
      assert.deepEqual(body.changes.labels.current.map((l: any) => l.title).sort(), ['bug', 'ci']);

      await api('PUT', `/issues/${issue.iid}`, { state_event: 'close' }, 200);
      body = await only('Issue Hook');
      assert.equal(body.object_attributes.action, 'close');
      assert.equal(body.object_attributes.state, 'closed');
      assert.deepEqual(body.changes.state_id, { previous: 1, current: 2 });
      await api('PUT', `/issues/${issue.iid}`, { state_event: 'close' }, 200);
      assert.deepEqual(await takeQueued(), [], 'closing a closed issue changes nothing: no hook');

      await api('POST', `/issues/${issue.iid}/notes`, { body: 'Fixed by a revert' }, 201);
      body = await only('Note Hook');
      assert.equal(body.object_kind, 'note');
      assert.equal(body.object_attributes.noteable_type, 'Issue');
      assert.equal(body.object_attributes.note, 'Fixed by a revert');
      assert.match(body.object_attributes.created_at, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
      assert.match(body.object_attributes.url, new RegExp(`/-/issues/${issue.iid}#note_\\d+$`));
      assert.equal(body.issue.iid, issue.iid);
      assert.equal(body.issue.state, 'closed');
    });

    test('merge requests: open, update, comment, approve, unapprove, a push to the source (oldrev) and merge fire their hooks', async () => {
      await git(['switch', '--quiet', '-c', 'topic', 'main']);
      await git(['pull', '--quiet', 'origin', 'main']);
      await f.cli.commit(work, { 'topic.txt': 'topic\n' }, 'Topic work');
      await git(['push', '--quiet', 'origin', 'topic']);
      await takeQueued();
      const mr = await api('POST', '/merge_requests', { source_branch: 'topic', target_branch: 'main', title: 'Add topic' }, 201);
      let body = await only('Merge Request Hook');
      assert.equal(body.object_kind, 'merge_request');
      assert.equal(body.event_type, 'merge_request');
      const attrs = body.object_attributes;
      assert.equal(attrs.action, 'open');
      assert.equal(attrs.iid, mr.iid);
      assert.equal(attrs.source_branch, 'topic');
      assert.equal(attrs.target_branch, 'main');
      assert.equal(attrs.state, 'opened');
      assert.equal(attrs.merge_status, mr.merge_status);
      assert.equal(attrs.last_commit.id, mr.sha);
      assert.equal(attrs.last_commit.title, 'Topic work');
      assert.equal(attrs.source.path_with_namespace, project.path);
      assert.equal(attrs.target.path_with_namespace, project.path);
      assert.equal(attrs.url, `${f.t.config.externalUrl}/${project.path}/-/merge_requests/${mr.iid}`);

      await api('PUT', `/merge_requests/${mr.iid}`, { title: 'Add the topic', labels: 'feature' }, 200);
      body = await only('Merge Request Hook');
      assert.equal(body.object_attributes.action, 'update');
      assert.deepEqual(body.changes.title, { previous: 'Add topic', current: 'Add the topic' });
      assert.deepEqual(body.changes.labels.current.map((l: any) => l.title), ['feature']);
      assert.deepEqual(body.labels.map((l: any) => l.title), ['feature']);

      await api('POST', `/merge_requests/${mr.iid}/notes`, { body: 'Looks good' }, 201);
      body = await only('Note Hook');
      assert.equal(body.object_attributes.noteable_type, 'MergeRequest');
      assert.equal(body.merge_request.iid, mr.iid);
      const discussion = await api('POST', `/merge_requests/${mr.iid}/discussions`, { body: 'One question' }, 201);
      body = await only('Note Hook');
      assert.equal(body.object_attributes.discussion_id, discussion.id);
      assert.equal(body.object_attributes.type, 'DiscussionNote');
      await api('POST', `/merge_requests/${mr.iid}/discussions/${discussion.id}/notes`, { body: 'An answer' }, 201);
      body = await only('Note Hook');
      assert.equal(body.object_attributes.note, 'An answer');

      await api('POST', `/merge_requests/${mr.iid}/approve`, {}, 201);
      assert.equal((await only('Merge Request Hook')).object_attributes.action, 'approved');
      await api('POST', `/merge_requests/${mr.iid}/unapprove`, {}, 201);
      assert.equal((await only('Merge Request Hook')).object_attributes.action, 'unapproved');

      const previous = await git(['rev-parse', 'HEAD']);
      await f.cli.commit(work, { 'topic.txt': 'more\n' }, 'More topic work');
      await git(['push', '--quiet', 'origin', 'topic']);
      const queued = await takeQueued();
      const update = queued.find((q) => q.event === 'Merge Request Hook')!.body;
      assert.equal(update.object_attributes.action, 'update');
      assert.equal(update.object_attributes.oldrev, previous);
      assert.equal(update.object_attributes.last_commit.title, 'More topic work');

      const merged = await api('PUT', `/merge_requests/${mr.iid}/merge`, {}, 200);
      const all = await takeQueued();
      const merge = all.filter((q) => q.event === 'Merge Request Hook');
      assert.equal(merge.length, 1);
      assert.equal(merge[0]!.body.object_attributes.action, 'merge');
      assert.equal(merge[0]!.body.object_attributes.state, 'merged');
      assert.equal(merge[0]!.body.object_attributes.merge_commit_sha, merged.merge_commit_sha);
      assert.ok(all.some((q) => q.event === 'Push Hook' && q.body.ref === 'refs/heads/main'), 'the merge moved main: a Push Hook');
    });

    test('releases: create, update and delete fire Release Hooks to the hook subscribed to them', async () => {
      const head = (await api('GET', '/repository/branches/main', undefined, 200)).commit.id;
      const inProject = `${f.t.config.externalUrl}/${project.path}/-/jobs/artifacts/v2.0/download`;
      const links = [{ name: 'bin', url: 'https://example.com/bin' }, { name: 'artifacts', url: inProject }];
      await api('POST', '/releases', { tag_name: 'v2.0', ref: 'main', name: 'Two', description: 'Notes', assets: { links } }, 201);
      const created = (await takeQueued()).filter((q) => q.event === 'Release Hook');
      assert.deepEqual(created.map((q) => q.hookId), [releaseHook]);
      const body = created[0]!.body;
      assert.equal(body.object_kind, 'release');
      assert.equal(body.action, 'create');
      assert.equal(body.tag, 'v2.0');
      assert.equal(body.name, 'Two');
      assert.equal(body.description, 'Notes');
      assert.match(body.created_at, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
      assert.equal(body.url, `${f.t.config.externalUrl}/${project.path}/-/releases/v2.0`);
      assert.equal(body.commit.id, head);
      assert.equal(body.assets.count, 6);
      // review-fid: Releases::Link#hook_attrs, `external` false for a link into the project
      const byName = Object.fromEntries(body.assets.links.map((l: any) => [l.name, l]));
      assert.deepEqual(Object.keys(byName).sort(), ['artifacts', 'bin']);
      assert.deepEqual(byName.bin, { id: byName.bin.id, external: true, link_type: 'other', name: 'bin', url: 'https://example.com/bin' });
      assert.equal(byName.artifacts.external, false);
      assert.equal(typeof byName.bin.id, 'number');
      assert.deepEqual(body.assets.sources.map((s: any) => s.format), ['zip', 'tar.gz', 'tar.bz2', 'tar']);

      await api('PUT', '/releases/v2.0', { name: 'Two, renamed' }, 200);
      const updated = await only('Release Hook', releaseHook);
      assert.equal(updated.action, 'update');
      assert.equal(updated.name, 'Two, renamed');

      await api('DELETE', '/releases/v2.0', undefined, 200);
      const deleted = await only('Release Hook', releaseHook);
      assert.equal(deleted.action, 'delete');
      assert.deepEqual(deleted.assets.links.map((l: any) => l.name).sort(), ['artifacts', 'bin']);
    });
  });
}
