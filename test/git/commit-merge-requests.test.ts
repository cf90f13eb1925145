import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startGitFixture, type GitFixture } from './git-fixture.ts';

// semantic-release's GitLab plugin asks, for every commit it releases, which merge requests hold
// it, and fails the release on any error. A commit no merge request holds: an empty page
// (test/api/merge-request-diffs.test.ts lists the merge requests that do hold one).

for (const dialect of DIALECTS) {
  describe(`GET /projects/:id/repository/commits/:sha/merge_requests (${dialect})`, () => {
    let f: GitFixture;
    let project: { id: number; path: string };
    let head: string;
    let readApi: string;

    before(async () => {
      f = await startGitFixture(dialect);
      project = await f.createProject('mr-less');
      const work = await f.seed(project.path);
      head = (await f.cli.git(['rev-parse', 'HEAD'], { cwd: work })).stdout.trim();
      readApi = (await f.projectToken(project.id, ['read_api'], 20)).token;
    });
    after(() => f.close());

    const get = (path: string, token = readApi) => f.t.api('GET', `/projects/${encodeURIComponent(project.path)}/repository/commits/${path}`, { token });

    test('a pushed commit no merge request holds: 200, an empty page (read_api and Reporter are enough)', async () => {
      const res = await get(`${head}/merge_requests`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body, []);
      assert.equal(res.headers['x-total'], '0');
      assert.deepEqual((await get(`${head.slice(0, 8)}/merge_requests?state=merged&per_page=5`)).body, []);
      assert.deepEqual((await get('main/merge_requests')).body, [], 'a branch names its head commit');
    });

    test('a commit that is not there is 404 Commit Not Found; a bad state is 400; an outsider gets 404 Project Not Found', async () => {
      const missing = await get(`${'0'.repeat(40)}/merge_requests`);
      assert.deepEqual([missing.status, missing.body], [404, { message: '404 Commit Not Found' }]);
      const named = await get('--output=x/merge_requests');
      assert.deepEqual([named.status, named.body], [404, { message: '404 Commit Not Found' }]);
      const state = await get(`${head}/merge_requests?state=bogus`);
      assert.deepEqual([state.status, state.body], [400, { error: 'state does not have a valid value' }]);
      const outsider = await f.t.createUser('outsider');
      const hidden = await get(`${head}/merge_requests`, outsider.token);
      assert.deepEqual([hidden.status, hidden.body], [404, { message: '404 Project Not Found' }]);
    });
  });
}
