import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { repositoryPath } from '../../src/git/repository-path.ts';

type User = { id: number; token: string };
type Action = { action: string; file_path: string; content?: string; previous_path?: string };

for (const dialect of DIALECTS) {
  describe(`merge request diffs, changes, commits and participants API (${dialect})`, () => {
    let t: TestApp;
    let owner: User;
    let developer: User;
    let reporter: User;
    let outsider: User;
    let project: number;
    let first: string;
    let head: string;
    let mainHead: string;

    const commit = async (branch: string, message: string, actions: Action[], startBranch?: string) => {
      const res = await t.api('POST', `/projects/${project}/repository/commits`, {
        token: owner.token,
        body: { branch, ...(startBranch && { start_branch: startBranch }), commit_message: message, actions },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id as string;
    };
    const mr = (tail: string, token = owner.token) => t.api('GET', `/projects/${project}/merge_requests/1${tail}`, { token });

    before(async () => {
      t = await startTestApp(dialect);
      owner = await t.createUser('owner');
      developer = await t.createUser('developer');
      reporter = await t.createUser('reporter');
      outsider = await t.createUser('outsider');
      project = (await t.api('POST', '/projects', { token: owner.token, body: { name: 'shop' } })).body.id;
      await t.api('POST', `/projects/${project}/members`, { token: owner.token, body: { user_id: developer.id, access_level: 30 } });
      await t.api('POST', `/projects/${project}/members`, { token: owner.token, body: { user_id: reporter.id, access_level: 20 } });
      mainHead = await commit('main', 'start', [
        { action: 'create', file_path: 'README.md', content: '# Shop\n' },
        { action: 'create', file_path: 'old.txt', content: 'kept\nas\nit\nwas\n' },
        { action: 'create', file_path: 'gone.txt', content: 'bye\n' },
      ]);
      first = await commit('feature', 'Add a file', [{ action: 'create', file_path: 'added.txt', content: 'hello\n' }], 'main');
      head = await commit('feature', 'Move and delete', [
        { action: 'move', file_path: 'renamed.txt', previous_path: 'old.txt' },
        { action: 'delete', file_path: 'gone.txt' },
      ]);
      const created = await t.api('POST', `/projects/${project}/merge_requests`, {
        token: developer.token,
        body: { source_branch: 'feature', target_branch: 'main', title: 'Feature', assignee_ids: [owner.id], reviewer_ids: [developer.id] },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const note = await t.api('POST', `/projects/${project}/merge_requests/1/notes`, { token: reporter.token, body: { body: 'Looks good' } });
      assert.equal(note.status, 201, JSON.stringify(note.body));
    });
    after(() => t.close());

    test('GET .../diffs lists the added, deleted and renamed files as GitLab does, paginated', async () => {
      const res = await mr('/diffs');
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const byPath = new Map(res.body.map((d: { new_path: string }) => [d.new_path, d]));
      assert.deepEqual(byPath.get('added.txt'), {
        diff: '@@ -0,0 +1 @@\n+hello\n',
        collapsed: false,
        too_large: false,
        new_path: 'added.txt',
        old_path: 'added.txt',
        a_mode: '0',
        b_mode: '100644',
        new_file: true,
        renamed_file: false,
        deleted_file: false,
        generated_file: false,
      });
      assert.deepEqual(byPath.get('gone.txt'), { ...(byPath.get('gone.txt') as object), deleted_file: true, new_file: false, a_mode: '100644', b_mode: '0', diff: '@@ -1 +0,0 @@\n-bye\n' });
      const renamed = byPath.get('renamed.txt') as Record<string, unknown>;
      assert.equal(renamed.old_path, 'old.txt');
      assert.equal(renamed.renamed_file, true);
      assert.equal(renamed.diff, '');
      assert.equal(res.body.length, 3);

      const page = await mr('/diffs?per_page=1&page=2');
      assert.equal(page.status, 200);
      assert.equal(page.body.length, 1);
      assert.equal(page.headers['x-total'], '3');
      assert.equal(page.headers['x-total-pages'], '3');
      assert.equal(page.headers['x-page'], '2');
      assert.equal(page.headers['x-next-page'], '3');

      const unidiff = await mr('/diffs?unidiff=true');
      const added = unidiff.body.find((d: { new_path: string }) => d.new_path === 'added.txt');
      assert.equal(added.diff, '--- /dev/null\n+++ b/added.txt\n@@ -0,0 +1 @@\n+hello\n');
    });

    test('GET .../changes is the merge request with its changes; GET .../raw_diffs is the diff as text', async () => {
      const res = await mr('/changes');
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.iid, 1);
      assert.equal(res.body.sha, head);
      assert.equal(res.body.diff_refs.base_sha, mainHead);
      assert.equal(res.body.overflow, false);
      assert.deepEqual(res.body.changes.map((d: { new_path: string }) => d.new_path).sort(), ['added.txt', 'gone.txt', 'renamed.txt']);

      const raw = await mr('/raw_diffs');
      assert.equal(raw.status, 200);
      assert.match(String(raw.headers['content-type']), /^text\/plain/);
      const text = raw.body as string;
      assert.match(text, /^diff --git a\/added\.txt b\/added\.txt\nnew file mode 100644\n--- \/dev\/null\n\+\+\+ b\/added\.txt\n@@ -0,0 \+1 @@\n\+hello\n/m);
      assert.match(text, /^diff --git a\/gone\.txt b\/gone\.txt\ndeleted file mode 100644\n--- a\/gone\.txt\n\+\+\+ \/dev\/null\n@@ -1 \+0,0 @@\n-bye\n/m);
      assert.match(text, /^diff --git a\/old\.txt b\/renamed\.txt\nrename from old\.txt\nrename to renamed\.txt\n/m);
    });

    test('GET .../commits lists the source commits not in the target, newest first', async () => {
      const res = await mr('/commits');
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body.map((c: { id: string }) => c.id), [head, first]);
      assert.equal(res.body[1].title, 'Add a file');
      assert.equal(res.body[1].short_id, first.slice(0, 8));
      assert.equal(res.body[1].web_url, `http://127.0.0.1:8080/owner/shop/-/commit/${first}`);
      const page = await mr('/commits?per_page=1');
      assert.deepEqual(page.body.map((c: { id: string }) => c.id), [head]);
      assert.equal(page.headers['x-total'], '2');
    });

    test('GET .../participants lists the author, assignees, reviewers and commenters once each', async () => {
      const res = await mr('/participants');
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body.map((u: { username: string }) => u.username), ['developer', 'owner', 'reporter']);
      assert.deepEqual(Object.keys(res.body[0]).sort(), ['avatar_url', 'id', 'locked', 'name', 'state', 'username', 'web_url']);
      const page = await mr('/participants?per_page=1&page=2');
      assert.deepEqual(page.body.map((u: { username: string }) => u.username), ['owner'], 'paginated as GitLab paginates it');
      assert.deepEqual([page.headers['x-total'], page.headers['x-next-page'], page.headers['x-prev-page']], ['3', '3', '1']);
    });

    test('the routes answer 404 for a hidden project or a missing merge request, and read for a Reporter', async () => {
      for (const tail of ['/diffs', '/changes', '/commits', '/raw_diffs', '/participants']) {
        const hidden = await mr(tail, outsider.token);
        assert.equal(hidden.status, 404, tail);
        assert.deepEqual(hidden.body, { message: '404 Project Not Found' });
        const missing = await t.api('GET', `/projects/${project}/merge_requests/99${tail}`, { token: owner.token });
        assert.equal(missing.status, 404, tail);
        assert.equal((await mr(tail, reporter.token)).status, 200, tail);
      }
    });

    test('GET /projects/:id/repository/commits/:sha/merge_requests lists the merge requests containing the commit', async () => {
      for (const sha of [head, first, 'feature']) {
        const res = await t.api('GET', `/projects/${project}/repository/commits/${sha}/merge_requests`, { token: owner.token });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.deepEqual(res.body.map((m: { iid: number }) => m.iid), [1], sha);
        assert.equal(res.body[0].source_branch, 'feature');
        assert.equal(res.body[0].author.username, 'developer');
      }
      const onMain = await t.api('GET', `/projects/${project}/repository/commits/${mainHead}/merge_requests`, { token: owner.token });
      assert.deepEqual(onMain.body, []);
      const closedOnly = await t.api('GET', `/projects/${project}/repository/commits/${head}/merge_requests?state=closed`, { token: owner.token });
      assert.deepEqual(closedOnly.body, []);
      const hidden = await t.api('GET', `/projects/${project}/repository/commits/${head}/merge_requests`, { token: outsider.token });
      assert.equal(hidden.status, 404);
    });

    test('once the source branch and its commits are gone, the lists are empty rather than an error', async () => {
      await commit('doomed', 'Doomed', [{ action: 'create', file_path: 'doomed.txt', content: 'x\n' }], 'main');
      const created = await t.api('POST', `/projects/${project}/merge_requests`, { token: owner.token, body: { source_branch: 'doomed', target_branch: 'main', title: 'Doomed' } });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal((await t.api('DELETE', `/projects/${project}/repository/branches/doomed`, { token: owner.token })).status, 204);
      const dir = repositoryPath(t.config.dataDir, project);
      execFileSync('git', ['reflog', 'expire', '--expire=now', '--all'], { cwd: dir });
      execFileSync('git', ['gc', '--quiet', '--prune=now'], { cwd: dir });
      const get = (tail: string) => t.api('GET', `/projects/${project}/merge_requests/${created.body.iid}${tail}`, { token: owner.token });
      for (const tail of ['/diffs', '/commits']) assert.deepEqual([(await get(tail)).status, (await get(tail)).body], [200, []], tail);
      const changes = await get('/changes');
      assert.equal(changes.status, 200, JSON.stringify(changes.body));
      assert.deepEqual(changes.body.changes, []);
      const raw = await get('/raw_diffs');
      assert.equal(raw.status, 200);
      assert.equal(raw.headers['content-length'], '0');
    });

    test('a merged merge request keeps its stored diff, and its merge commit names it', async () => {
      const merged = await t.api('PUT', `/projects/${project}/merge_requests/1/merge`, { token: owner.token });
      assert.equal(merged.status, 200, JSON.stringify(merged.body));
      assert.equal(merged.body.state, 'merged');
      const diffs = await mr('/diffs');
      assert.deepEqual(diffs.body.map((d: { new_path: string }) => d.new_path).sort(), ['added.txt', 'gone.txt', 'renamed.txt']);
      assert.deepEqual((await mr('/commits')).body.map((c: { id: string }) => c.id), [head, first]);
      const byMerge = await t.api('GET', `/projects/${project}/repository/commits/${merged.body.merge_commit_sha}/merge_requests?state=merged`, { token: owner.token });
      assert.deepEqual(byMerge.body.map((m: { iid: number; state: string }) => [m.iid, m.state]), [[1, 'merged']]);
    });
  });
}
