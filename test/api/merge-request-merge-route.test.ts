import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { addMember, createProject, type TestProject } from '../helpers/project-tokens.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

// PUT /projects/:id/merge_requests/:iid/merge over HTTP, the merge computed in the bare repository:
// merge commit, fast-forward, squash, source branch removal, and GitLab's refusals.

for (const dialect of DIALECTS) {
  describe(`PUT /projects/:id/merge_requests/:iid/merge (${dialect})`, () => {
    let t: TestApp;
    let project: TestProject;
    let developer: { id: number; token: string };

    const p = () => `/projects/${project.id}`;
    const write = async (branch: string, path: string, content: string, start?: string) => {
      const res = await t.api('POST', `${p()}/repository/files/${encodeURIComponent(path)}`, { body: { branch, ...(start && { start_branch: start }), content, commit_message: `${branch}: ${path}` } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    };
    const tip = async (branch: string) => {
      const res = await t.api('GET', `${p()}/repository/branches/${encodeURIComponent(branch)}`);
      return res.status === 200 ? (res.body.commit.id as string) : null;
    };
    const commit = async (sha: string) => (await t.api('GET', `${p()}/repository/commits/${sha}`)).body;
    const readMain = async (path: string) => {
      const res = await t.api('GET', `${p()}/repository/files/${encodeURIComponent(path)}/raw?ref=main`);
      return res.status === 200 ? String(res.body) : null;
    };
    /** A merge request from a new branch off main adding `path`. */
    async function open(source: string, path = `${source}.txt`, content = `${source}\n`) {
      await write(source, path, content, 'main');
      const res = await t.api('POST', `${p()}/merge_requests`, { body: { source_branch: source, target_branch: 'main', title: `Add ${path}` } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body as { iid: number; sha: string };
    }
    const merge = (iid: number, body: Record<string, unknown> = {}, token?: string) => t.api('PUT', `${p()}/merge_requests/${iid}/merge`, { body, ...(token && { token }) });
    const setMethod = async (merge_method: string) => assert.equal((await t.api('PUT', p(), { body: { merge_method } })).status, 200);

    before(async () => {
      t = await startTestApp(dialect);
      project = await createProject(t, t.rootToken, 'merging');
      await write('main', 'README.md', 'hello\n');
      developer = await t.createUser('dev');
      await addMember(t, project.id, developer.id, 30);
    });
    after(() => t.close());

    test('a merge commit: 200 with the merged MergeRequest entity, main at a two-parent commit holding the change', async () => {
      const mr = await open('feature');
      const before = await tip('main');
      assert.equal((await t.api('GET', `${p()}/merge_requests/${mr.iid}`)).body.head_pipeline, null);
      const reported = await t.api('POST', `${p()}/statuses/${mr.sha}`, { body: { state: 'running', name: 'ci', ref: 'feature' } });
      assert.equal(reported.status, 201, JSON.stringify(reported.body));
      const shown = (await t.api('GET', `${p()}/merge_requests/${mr.iid}`)).body;
      assert.deepEqual([shown.head_pipeline.id, shown.head_pipeline.sha, shown.head_pipeline.status, shown.head_pipeline.user.username], [reported.body.pipeline_id, mr.sha, 'running', 'root']);
      assert.deepEqual([shown.pipeline.id, shown.pipeline.ref], [reported.body.pipeline_id, 'feature']);
      const res = await merge(mr.iid, { sha: mr.sha });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.state, 'merged');
      assert.equal(res.body.iid, mr.iid);
      assert.equal(res.body.merged_by.username, 'root');
      assert.equal(typeof res.body.changes_count, 'string');
      assert.ok(res.body.merged_at);
      assert.equal(await tip('main'), res.body.merge_commit_sha);
      assert.deepEqual((await commit(res.body.merge_commit_sha)).parent_ids, [before, mr.sha]);
      assert.equal(await readMain('feature.txt'), 'feature\n');
      // Merged once is merged: a second merge is not allowed.
      assert.deepEqual([(await merge(mr.iid)).status, (await merge(mr.iid)).body], [405, { message: '405 Method Not Allowed' }]);
    });

    test('fast-forward: main moves to the source head, no merge commit; should_remove_source_branch deletes the source', async () => {
      await setMethod('ff');
      try {
        const mr = await open('fast');
        const res = await merge(mr.iid, { should_remove_source_branch: true });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.equal(res.body.merge_commit_sha, null);
        assert.equal(await tip('main'), mr.sha);
        assert.equal(await tip('fast'), null);
      } finally {
        await setMethod('merge');
      }
    });

    test('squash=true: one squash commit on the merge base, merged with a merge commit', async () => {
      await write('squashy', 'one.txt', '1\n', 'main');
      await write('squashy', 'two.txt', 'two\n');
      const created = await t.api('POST', `${p()}/merge_requests`, { body: { source_branch: 'squashy', target_branch: 'main', title: 'One and two' } });
      const res = await merge(created.body.iid, { squash: true, squash_commit_message: 'Both files' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const squashed = await commit(res.body.squash_commit_sha);
      assert.equal(squashed.title, 'Both files');
      assert.equal(squashed.parent_ids.length, 1);
      assert.deepEqual((await commit(res.body.merge_commit_sha)).parent_ids[1], res.body.squash_commit_sha);
      assert.equal(await readMain('two.txt'), 'two\n');
    });

    test('conflicts are 405, a stale sha 409, a missing merge request 404 Not found, an unknown project 404', async () => {
      const first = await open('left', 'shared.txt', 'left\n');
      const second = await open('right', 'shared.txt', 'right\n');
      const stale = await merge(first.iid, { sha: '0'.repeat(40) });
      assert.deepEqual([stale.status, stale.body], [409, { message: `SHA does not match HEAD of source branch: ${first.sha}` }], 'GitLab names the head the caller missed');
      assert.equal((await merge(first.iid)).status, 200);
      const conflicting = await merge(second.iid);
      assert.deepEqual([conflicting.status, conflicting.body], [405, { message: '405 Method Not Allowed' }]);
      assert.equal((await t.api('GET', `${p()}/merge_requests/${second.iid}`)).body.has_conflicts, true);
      assert.equal(await readMain('shared.txt'), 'left\n');
      assert.deepEqual([(await merge(999)).status, (await merge(999)).body], [404, { message: '404 Not found' }]);
      assert.equal((await t.api('PUT', `/projects/999999/merge_requests/1/merge`)).status, 404);
    });

    test('a Developer may not merge into main, protected for Maintainers to merge (401), and main does not move', async () => {
      const mr = await open('by-dev');
      const before = await tip('main');
      const refused = await merge(mr.iid, {}, developer.token);
      assert.deepEqual([refused.status, refused.body], [401, { message: '401 Unauthorized' }]);
      assert.equal(await tip('main'), before);
      assert.equal((await t.api('GET', `${p()}/merge_requests/${mr.iid}`, { token: developer.token })).body.user.can_merge, false);
      assert.equal((await t.api('GET', `${p()}/merge_requests/${mr.iid}`)).body.user.can_merge, true);
    });

    test('two merge requests merged into main at once both land, neither change lost', async () => {
      const a = await open('together-a');
      const b = await open('together-b');
      const [ra, rb] = await Promise.all([merge(a.iid), merge(b.iid)]);
      assert.deepEqual([ra.status, rb.status], [200, 200], JSON.stringify([ra.body, rb.body]));
      assert.equal(await readMain('together-a.txt'), 'together-a\n');
      assert.equal(await readMain('together-b.txt'), 'together-b\n');
      const head = await tip('main');
      assert.ok(head === ra.body.merge_commit_sha || head === rb.body.merge_commit_sha);
    });
  });
}
