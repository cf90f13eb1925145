import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { insertMergeRequest } from '../../src/db/repositories/merge-requests.ts';
import { repositoryPath } from '../../src/git/repository-path.ts';
import { refreshMergeRequest } from '../../src/services/merge-requests/refresh-merge-request.ts';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';
import { DIALECTS } from '../helpers/databases.ts';

const BASIC_KEYS = ['created_at', 'id', 'iid', 'name', 'project_id', 'ref', 'sha', 'source', 'status', 'updated_at', 'web_url'];

for (const dialect of DIALECTS) {
  describe(`pipelines API (${dialect})`, () => {
    let f: GitFixture;
    let project: { id: number; path: string };
    let p: string;
    let ci: string;
    let main: string;
    let topic: string;

    const report = async (sha: string, body: Record<string, unknown>) => {
      const res = await f.t.api('POST', `${p}/statuses/${sha}`, { token: ci, body });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    };
    const get = (path: string, token?: string) => f.t.api('GET', `${p}${path}`, token === undefined ? {} : { token });

    before(async () => {
      f = await startGitFixture(dialect);
      project = await f.createProject('pipelines');
      p = `/projects/${project.id}`;
      await f.seed(project.path);
      main = (await get('/repository/branches/main')).body.commit.id;
      assert.equal((await f.t.api('POST', `${p}/repository/branches`, { body: { branch: 'topic', ref: 'main' } })).status, 201);
      assert.equal((await f.t.api('POST', `${p}/repository/files/topic.txt`, { body: { branch: 'topic', content: 't\n', commit_message: 'topic work' } })).status, 201);
      topic = (await get('/repository/branches/topic')).body.commit.id;
      ci = (await f.projectToken(project.id, ['api'], 40, { name: 'ci' })).token;
      // Pipeline 1 on main: success and failed → failed. Pipeline 2 on topic: success then running → running.
      await report(main, { state: 'success', name: 'build' });
      await report(main, { state: 'failed', name: 'test' });
      await report(topic, { state: 'success', name: 'build' });
      await report(topic, { state: 'running', name: 'test' });
    });
    after(() => f.close());

    test('a pipeline takes the composite status of its latest jobs', async () => {
      const [onTopic, onMain] = (await get('/pipelines')).body;
      assert.equal(onMain.status, 'failed');
      assert.equal(onTopic.status, 'running');
      await report(topic, { state: 'success', name: 'test' });
      assert.equal((await get(`/pipelines/${onTopic.id}`)).body.status, 'success');
      await report(main, { state: 'success', name: 'test' });
      assert.equal((await get(`/pipelines/${onMain.id}`)).body.status, 'success');
    });

    test('GET /projects/:id/pipelines lists PipelineBasic newest first, with GitLab\'s filters and order', async () => {
      const all = await get('/pipelines');
      assert.equal(all.status, 200);
      assert.equal(all.headers['x-total'], '2');
      assert.deepEqual(Object.keys(all.body[0]).sort(), BASIC_KEYS);
      assert.deepEqual(all.body.map((pipeline: any) => [pipeline.iid, pipeline.ref, pipeline.source]), [[2, 'topic', 'external'], [1, 'main', 'external']]);
      assert.equal(all.body[0].web_url, `${f.t.app.deps.config.externalUrl}/${project.path}/-/pipelines/${all.body[0].id}`);
      assert.deepEqual((await get('/pipelines?ref=main')).body.map((x: any) => x.sha), [main]);
      assert.deepEqual((await get(`/pipelines?sha=${topic}`)).body.map((x: any) => x.ref), ['topic']);
      assert.equal((await get('/pipelines?status=running')).body.length, 0);
      assert.equal((await get('/pipelines?status=success&source=external&scope=finished')).body.length, 2);
      assert.equal((await get('/pipelines?source=push')).body.length, 0);
      assert.deepEqual((await get('/pipelines?sort=asc')).body.map((x: any) => x.iid), [1, 2]);
      assert.deepEqual((await get('/pipelines?order_by=ref&sort=asc')).body.map((x: any) => x.ref), ['main', 'topic']);
      assert.equal((await get('/pipelines?username=nobody-at-all')).body.length, 0);
      assert.equal((await get('/pipelines?status=bogus')).status, 400);
      assert.equal((await get('/pipelines?order_by=sha')).status, 400);
    });

    test('GET /projects/:id/pipelines/:pipeline_id shows the Pipeline entity; another id is 404, a non-number 400', async () => {
      const [listed] = (await get('/pipelines?ref=main')).body;
      const res = await get(`/pipelines/${listed.id}`);
      assert.equal(res.status, 200);
      assert.equal(res.body.user.username, (await f.t.api('GET', '/user', { token: ci })).body.username);
      assert.equal(res.body.tag, false);
      assert.equal(res.body.detailed_status.group, 'success');
      assert.equal(res.body.detailed_status.text, 'passed');
      assert.ok(res.body.started_at && res.body.finished_at);
      assert.deepEqual((await get('/pipelines/999999')).body, { message: '404 Not found' });
      assert.equal((await get('/pipelines/abc')).status, 400);
    });

    test('GET /projects/:id/pipelines/latest: the default branch\'s tip, or ?ref=; 403 when there is none', async () => {
      assert.equal((await get('/pipelines/latest')).body.sha, main);
      assert.equal((await get('/pipelines/latest?ref=topic')).body.sha, topic);
      assert.equal((await get('/pipelines/latest?ref=nowhere')).status, 403);
    });

    test('GET /projects/:id/merge_requests/:merge_request_iid/pipelines lists the source branch\'s pipelines of its commits', async () => {
      const now = new Date().toISOString();
      const row = await insertMergeRequest(f.t.app.deps.db, {
        project_id: project.id,
        iid: 1,
        title: 'Topic',
        state: 'opened',
        source_branch: 'topic',
        target_branch: 'main',
        author_id: (await f.t.api('GET', '/user')).body.id,
        created_at: now,
        updated_at: now,
      });
      await refreshMergeRequest(f.t.app.deps.db, repositoryPath(f.t.app.deps.config.dataDir, project.id), row);
      const res = await get('/merge_requests/1/pipelines');
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.map((x: any) => [x.ref, x.sha]), [['topic', topic]]);
      assert.deepEqual((await get('/merge_requests/2/pipelines')).body, { message: '404 Not found' });
    });

    test('reading pipelines: a Guest of a private project gets 403, an outsider 404', async () => {
      const guest = (await f.projectToken(project.id, ['read_api'], 10)).token;
      assert.equal((await get('/pipelines', guest)).status, 403);
      const outsider = await f.t.createUser('outsider');
      assert.deepEqual((await get('/pipelines', outsider.token)).body, { message: '404 Project Not Found' });
    });
  });
}
