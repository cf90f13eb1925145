import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

type User = { id: number; token: string };

for (const dialect of DIALECTS) {
  describe(`merge requests API (${dialect})`, () => {
    let t: TestApp;
    let owner: User;
    let developer: User;
    let guest: User;
    let outsider: User;
    let project: number;

    const commit = async (branch: string, file: string, content: string, startBranch?: string) => {
      const res = await t.api('POST', `/projects/${project}/repository/commits`, {
        token: owner.token,
        body: { branch, ...(startBranch && { start_branch: startBranch }), commit_message: `edit ${file}`, actions: [{ action: startBranch || branch !== 'main' ? 'create' : 'create', file_path: file, content }] },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id as string;
    };

    before(async () => {
      t = await startTestApp(dialect);
      owner = await t.createUser('owner');
      developer = await t.createUser('developer');
      guest = await t.createUser('guest');
      outsider = await t.createUser('outsider');
      project = (await t.api('POST', '/projects', { token: owner.token, body: { name: 'shop' } })).body.id;
      await t.api('POST', `/projects/${project}/members`, { token: owner.token, body: { user_id: developer.id, access_level: 30 } });
      await t.api('POST', `/projects/${project}/members`, { token: owner.token, body: { user_id: guest.id, access_level: 10 } });
      await commit('main', 'README.md', '# Shop\n');
      await commit('feature', 'feature.txt', 'new\n', 'main');
      await commit('other', 'other.txt', 'other\n', 'main');
    });
    after(() => t.close());

    test('POST /projects/:id/merge_requests returns 201 with GitLab\'s MergeRequest entity and its diff refs', async () => {
      const res = await t.api('POST', `/projects/${project}/merge_requests`, {
        token: developer.token,
        body: { source_branch: 'feature', target_branch: 'main', title: 'Draft: Add feature', description: '- [ ] test', labels: 'backend,ui', assignee_ids: [developer.id, outsider.id], reviewer_ids: [owner.id] },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const mr = res.body;
      assert.equal(mr.iid, 1);
      assert.equal(mr.project_id, project);
      assert.equal(mr.state, 'opened');
      assert.equal(mr.draft, true);
      assert.equal(mr.work_in_progress, true);
      assert.equal(mr.author.username, 'developer');
      assert.deepEqual(mr.labels, ['backend', 'ui']);
      // The outsider cannot read the project: GitLab drops them.
      assert.deepEqual(mr.assignees.map((u: { username: string }) => u.username), ['developer']);
      assert.equal(mr.assignee.username, 'developer');
      assert.deepEqual(mr.reviewers.map((u: { username: string }) => u.username), ['owner']);
      assert.equal(mr.merge_status, 'can_be_merged');
      assert.equal(mr.detailed_merge_status, 'draft_status');
      assert.equal(mr.has_conflicts, false);
      assert.equal(mr.changes_count, '1');
      assert.equal(mr.sha, mr.diff_refs.head_sha);
      assert.equal(mr.diff_refs.base_sha, mr.diff_refs.start_sha);
      assert.deepEqual(mr.references, { short: '!1', relative: '!1', full: 'owner/shop!1' });
      assert.equal(mr.web_url, 'http://127.0.0.1:8080/owner/shop/-/merge_requests/1');
      assert.deepEqual(mr.task_completion_status, { count: 1, completed_count: 0 });
      // main is protected for Maintainers to merge: a Developer may not merge it (GitLab's can_be_merged_by?).
      assert.deepEqual(mr.user, { can_merge: false });
      assert.equal(mr.subscribed, true);
      assert.equal(mr.source_project_id, project);
      assert.equal(mr.pipeline, null);
      const events = await t.api('GET', `/projects/${project}/events`, { token: owner.token });
      assert.ok(events.body.some((e: { action_name: string; target_type: string; target_iid: number }) => e.action_name === 'opened' && e.target_type === 'MergeRequest' && e.target_iid === 1));
    });

    test('POST /projects/:id/merge_requests refuses a duplicate (409), the same branch (422), a missing branch (422), a Guest (403), an outsider (404)', async () => {
      const body = { source_branch: 'feature', target_branch: 'main', title: 'Again' };
      const duplicate = await t.api('POST', `/projects/${project}/merge_requests`, { token: owner.token, body });
      assert.equal(duplicate.status, 409);
      assert.deepEqual(duplicate.body, { message: ['Another open merge request already exists for this source branch: !1'] });
      const same = await t.api('POST', `/projects/${project}/merge_requests`, { token: owner.token, body: { ...body, source_branch: 'main' } });
      assert.equal(same.status, 422);
      assert.deepEqual(same.body, { message: ["You can't use same project/branch for source and target"] });
      const missing = await t.api('POST', `/projects/${project}/merge_requests`, { token: owner.token, body: { ...body, source_branch: 'nope' } });
      assert.equal(missing.status, 422);
      assert.deepEqual(missing.body, { message: ['Source branch "nope" does not exist'] });
      const noTitle = await t.api('POST', `/projects/${project}/merge_requests`, { token: owner.token, body: { source_branch: 'other', target_branch: 'main' } });
      assert.equal(noTitle.status, 400);
      assert.equal((await t.api('POST', `/projects/${project}/merge_requests`, { token: guest.token, body: { ...body, source_branch: 'other' } })).status, 403);
      const outside = await t.api('POST', `/projects/${project}/merge_requests`, { token: outsider.token, body: { ...body, source_branch: 'other' } });
      assert.equal(outside.status, 404);
      assert.deepEqual(outside.body, { message: '404 Project Not Found' });
    });

    test('GET /projects/:id/merge_requests lists and filters; GET .../:iid shows one; a missing iid is 404 Not found', async () => {
      const second = await t.api('POST', `/projects/${project}/merge_requests`, { token: owner.token, body: { source_branch: 'other', target_branch: 'main', title: 'Other needle' } });
      assert.equal(second.status, 201, JSON.stringify(second.body));
      const base = `/projects/${project}/merge_requests`;
      const all = await t.api('GET', base, { token: developer.token });
      assert.equal(all.status, 200);
      assert.deepEqual(all.body.map((mr: { iid: number }) => mr.iid), [2, 1]);
      assert.equal(all.headers['x-total'], '2');
      assert.equal(all.body[0].subscribed, undefined);
      const iids = (query: string) => t.api('GET', `${base}?${query}`, { token: developer.token }).then((res) => res.body.map((mr: { iid: number }) => mr.iid));
      assert.deepEqual(await iids('search=NEEDLE'), [2]);
      assert.deepEqual(await iids('source_branch=feature'), [1]);
      assert.deepEqual(await iids(`author_id=${owner.id}`), [2]);
      assert.deepEqual(await iids('author_username=developer'), [1]);
      assert.deepEqual(await iids(`assignee_id=${developer.id}`), [1]);
      assert.deepEqual(await iids('assignee_id=None'), [2]);
      assert.deepEqual(await iids(`reviewer_id=${owner.id}`), [1]);
      assert.deepEqual(await iids('labels=backend'), [1]);
      assert.deepEqual(await iids('labels=None'), [2]);
      assert.deepEqual(await iids('state=closed'), []);
      assert.deepEqual(await iids('order_by=title&sort=asc'), [1, 2]);
      assert.deepEqual(await iids('iids[]=2'), [2]);
      assert.deepEqual(await iids('scope=created_by_me'), [1]);
      const simple = await t.api('GET', `${base}?view=simple`, { token: developer.token });
      assert.deepEqual(Object.keys(simple.body[0]).sort(), ['created_at', 'description', 'id', 'iid', 'project_id', 'state', 'title', 'updated_at', 'web_url']);
      const detailed = await t.api('GET', `${base}?with_labels_details=true&iids[]=1`, { token: developer.token });
      assert.equal(detailed.body[0].labels[0].name, 'backend');

      const one = await t.api('GET', `${base}/1?include_diverged_commits_count=true`, { token: developer.token });
      assert.equal(one.status, 200);
      assert.equal(one.body.title, 'Draft: Add feature');
      assert.equal(one.body.diverged_commits_count, 0);
      const missing = await t.api('GET', `${base}/99`, { token: developer.token });
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.body, { message: '404 Not found' });
      assert.equal((await t.api('GET', `${base}/1`, { token: guest.token })).status, 403);
      assert.equal((await t.api('GET', `${base}/1`, { token: outsider.token })).status, 404);
      assert.equal((await t.api('GET', base, { token: outsider.token })).status, 404);
    });

    test('GET /merge_requests lists the caller\'s own by default and every readable one with scope=all', async () => {
      const mine = await t.api('GET', '/merge_requests', { token: developer.token });
      assert.equal(mine.status, 200);
      assert.deepEqual(mine.body.map((mr: { iid: number }) => mr.iid), [1]);
      assert.equal(mine.body[0].references.full, 'owner/shop!1');
      const all = await t.api('GET', '/merge_requests?scope=all', { token: developer.token });
      assert.deepEqual(all.body.map((mr: { iid: number }) => mr.iid), [2, 1]);
      assert.deepEqual((await t.api('GET', '/merge_requests?scope=all', { token: outsider.token })).body, []);
      assert.deepEqual((await t.api('GET', '/merge_requests?scope=all', { token: guest.token })).body, []);
      const anonymous = await t.api('GET', '/merge_requests?scope=all', { token: null });
      assert.deepEqual([anonymous.status, anonymous.body], [200, []], 'anyone lists the public ones, never a private project\'s');
      const mineAnonymous = await t.api('GET', '/merge_requests', { token: null });
      assert.deepEqual([mineAnonymous.status, mineAnonymous.body], [401, { message: '401 Unauthorized' }]);
    });

    test('PUT /projects/:id/merge_requests/:iid edits, closes and reopens; DELETE is for Owners', async () => {
      const url = `/projects/${project}/merge_requests/2`;
      const edited = await t.api('PUT', url, { token: developer.token, body: { title: 'Renamed', add_labels: 'ops', assignee_ids: [developer.id] } });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      assert.equal(edited.body.title, 'Renamed');
      assert.deepEqual(edited.body.labels, ['ops']);
      assert.equal(edited.body.assignee.username, 'developer');
      const closed = await t.api('PUT', url, { token: developer.token, body: { state_event: 'close' } });
      assert.equal(closed.body.state, 'closed');
      assert.equal(closed.body.closed_by.username, 'developer');
      assert.equal(closed.body.detailed_merge_status, 'not_open');
      const revision = await t.api('PUT', url, { token: developer.token, body: { target_branch: 'main~1' } });
      assert.deepEqual([revision.status, revision.body], [400, { message: { target_branch: ['is invalid'] } }], 'a closed one is retargeted only to a branch name');
      assert.equal((await t.api('GET', url, { token: developer.token })).body.target_branch, 'main');
      // Another open one for the same branches keeps it from reopening.
      const rival = await t.api('POST', `/projects/${project}/merge_requests`, { token: owner.token, body: { source_branch: 'other', target_branch: 'main', title: 'Rival' } });
      assert.equal(rival.status, 201);
      const refused = await t.api('PUT', url, { token: developer.token, body: { state_event: 'reopen' } });
      assert.equal(refused.status, 409);
      assert.deepEqual(refused.body, { message: [`Another open merge request already exists for this source branch: !${rival.body.iid}`] });
      assert.equal((await t.api('PUT', `/projects/${project}/merge_requests/${rival.body.iid}`, { token: owner.token, body: { state_event: 'close' } })).status, 200);
      const reopened = await t.api('PUT', url, { token: developer.token, body: { state_event: 'reopen' } });
      assert.equal(reopened.body.state, 'opened');
      assert.equal(reopened.body.closed_by, null);
      const actions = (await t.api('GET', `/projects/${project}/events`, { token: owner.token })).body.map((e: { action_name: string }) => e.action_name);
      assert.ok(actions.includes('closed') && actions.includes('reopened'), JSON.stringify(actions));
      assert.equal((await t.api('PUT', url, { token: guest.token, body: { title: 'x' } })).status, 403);
      assert.equal((await t.api('DELETE', url, { token: developer.token })).status, 403);
      assert.equal((await t.api('DELETE', url, { token: owner.token })).status, 204);
      assert.equal((await t.api('GET', url, { token: owner.token })).status, 404);
    });
  });
}
