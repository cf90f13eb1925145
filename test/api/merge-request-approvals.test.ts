import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { UserPrincipal } from '../../src/domain/principal.ts';
import { AppError } from '../../src/domain/errors.ts';
import { insertMergeRequest, takeNextMergeRequestIid } from '../../src/db/repositories/merge-requests.ts';
import { repositoryPath } from '../../src/git/repository-path.ts';
import { mergeMergeRequest } from '../../src/services/merge-requests/merge-merge-request.ts';
import { refreshMergeRequest } from '../../src/services/merge-requests/refresh-merge-request.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { addMember, createProject, type TestProject } from '../helpers/project-tokens.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

// Approvals, the rebase route, the project's merge settings, and who may merge into a protected
// target, through the API (merge by role through the merge service).

for (const dialect of DIALECTS) {
  describe(`merge request approvals, rebase and merge settings (${dialect})`, () => {
    let t: TestApp;
    let project: TestProject;
    let developer: { id: number; token: string };
    let maintainer: { id: number; token: string };
    let reporter: { id: number; token: string };
    let counter = 0;

    const p = () => `/projects/${project.id}`;
    const file = async (branch: string, start?: string) => {
      const res = await t.api('POST', `${p()}/repository/files/f${++counter}.txt`, { body: { branch, ...(start && { start_branch: start }), content: `${counter}\n`, commit_message: `file ${counter}` } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    };
    async function open(source: string, authorId: number) {
      await file(source, 'main');
      const now = t.clock.now().toISOString();
      const db = t.app.deps.db;
      const row = await insertMergeRequest(db, {
        project_id: project.id,
        iid: await takeNextMergeRequestIid(db, project.id),
        title: `From ${source}`,
        state: 'opened',
        source_branch: source,
        target_branch: 'main',
        author_id: authorId,
        created_at: now,
        updated_at: now,
      });
      return refreshMergeRequest(db, repositoryPath(t.config.dataDir, project.id), row);
    }
    const principal = (user: { id: number }, name: string): UserPrincipal => ({ kind: 'user', via: 'cli', user: { id: user.id, username: name, name, userType: 'human', isAdmin: false } });

    before(async () => {
      t = await startTestApp(dialect);
      project = await createProject(t, t.rootToken, 'approvals');
      await file('main');
      developer = await t.createUser('dev');
      maintainer = await t.createUser('maint');
      reporter = await t.createUser('rep');
      await addMember(t, project.id, developer.id, 30);
      await addMember(t, project.id, maintainer.id, 40);
      await addMember(t, project.id, reporter.id, 20);
    });
    after(() => t.close());

    test('POST approve / unapprove and GET approvals: the author may approve, once (401 again), a Reporter may not (403), unapprove without approval is 404', async () => {
      const mr = await open('approve-me', developer.id);
      const url = `${p()}/merge_requests/${mr.iid}`;
      const before = await t.api('GET', `${url}/approvals`, { token: reporter.token });
      assert.equal(before.status, 200);
      assert.deepEqual([before.body.approved, before.body.approved_by, before.body.user_can_approve, before.body.approvals_required, before.body.approvals_left], [false, [], false, 0, 0]);
      const stale = await t.api('POST', `${url}/approve`, { token: developer.token, body: { sha: 'f'.repeat(40) } });
      assert.deepEqual([stale.status, stale.body], [409, { message: `SHA does not match HEAD of source branch: ${mr.head_sha}` }], 'GitLab names the head the caller missed');
      const approved = await t.api('POST', `${url}/approve`, { token: developer.token, body: { sha: mr.head_sha } });
      assert.equal(approved.status, 201, JSON.stringify(approved.body));
      assert.equal(approved.body.approved, true);
      assert.equal(approved.body.user_has_approved, true);
      assert.equal(approved.body.user_can_approve, false);
      assert.deepEqual(approved.body.approved_by.map((a: any) => a.user.username), ['dev']);
      assert.equal((await t.api('POST', `${url}/approve`, { token: developer.token })).status, 401);
      assert.equal((await t.api('POST', `${url}/approve`, { token: reporter.token })).status, 403);
      assert.equal((await t.api('POST', `${url}/approve`, { token: maintainer.token })).status, 201);
      const both = await t.api('GET', `${url}/approvals`, { token: maintainer.token });
      assert.deepEqual(both.body.approved_by.map((a: any) => a.user.username), ['dev', 'maint']);
      const withdrawn = await t.api('POST', `${url}/unapprove`, { token: developer.token });
      assert.equal(withdrawn.status, 201);
      assert.deepEqual(withdrawn.body.approved_by.map((a: any) => a.user.username), ['maint']);
      const again = await t.api('POST', `${url}/unapprove`, { token: developer.token });
      assert.deepEqual([again.status, again.body], [404, { message: '404 Not Found' }]);
      assert.deepEqual((await t.api('GET', `${url}/approval_state`)).body, { approval_rules_overwritten: false, rules: [] });
      assert.equal((await t.api('GET', `${p()}/merge_requests/999/approvals`)).status, 404);
      const outsider = await t.createUser('outsider');
      assert.equal((await t.api('GET', `${url}/approvals`, { token: outsider.token })).status, 404);
    });

    test('PUT /projects/:id takes merge_method and squash_option (validated, Maintainer+), and the project shows them', async () => {
      const set = await t.api('PUT', p(), { token: maintainer.token, body: { merge_method: 'ff', squash_option: 'always' } });
      assert.equal(set.status, 200, JSON.stringify(set.body));
      assert.deepEqual([set.body.merge_method, set.body.squash_option], ['ff', 'always']);
      assert.equal((await t.api('PUT', p(), { token: maintainer.token, body: { merge_method: 'octopus' } })).status, 400);
      assert.equal((await t.api('PUT', p(), { token: developer.token, body: { merge_method: 'merge' } })).status, 403);
      assert.equal((await t.api('PUT', p(), { body: { merge_method: 'merge', squash_option: 'default_off' } })).status, 200);
    });

    test('PUT rebase: 202 rebase_in_progress, the source replayed on the target; a Reporter gets 403', async () => {
      const mr = await open('rebase-me', developer.id);
      await file('main');
      assert.equal((await t.api('PUT', `${p()}/merge_requests/${mr.iid}/rebase`, { token: reporter.token })).status, 403);
      const res = await t.api('PUT', `${p()}/merge_requests/${mr.iid}/rebase`, { token: developer.token, body: { skip_ci: true } });
      assert.deepEqual([res.status, res.body], [202, { rebase_in_progress: true }]);
      const compare = await t.api('GET', `${p()}/repository/compare?from=rebase-me&to=main`);
      assert.deepEqual(compare.body.commits, [], 'the source holds the target tip now');
    });

    test('merging into a protected target takes its merge level: Developer refused (401) at 40, allowed at 30', async () => {
      const rule = await t.api('POST', `${p()}/protected_branches`, { body: { name: 'main', push_access_level: 40, merge_access_level: 40 } });
      assert.ok([201, 409].includes(rule.status), JSON.stringify(rule.body));
      const mr = await open('protected-merge', developer.id);
      const input = { project: String(project.id), iid: mr.iid };
      const refused = await mergeMergeRequest(t.app.deps, principal(developer, 'dev'), input).catch((error: AppError) => error);
      assert.ok(refused instanceof AppError && refused.details.action === 'merge_merge_request', String(refused));
      const reporterTry = await mergeMergeRequest(t.app.deps, principal(reporter, 'rep'), input).catch((error: AppError) => error);
      assert.ok(reporterTry instanceof AppError && reporterTry.details.action === 'merge_merge_request');
      await t.api('DELETE', `${p()}/protected_branches/main`);
      assert.equal((await t.api('POST', `${p()}/protected_branches`, { body: { name: 'main', push_access_level: 40, merge_access_level: 30 } })).status, 201);
      const merged = await mergeMergeRequest(t.app.deps, principal(developer, 'dev'), input);
      assert.equal(merged.state, 'merged');
    });
  });
}
