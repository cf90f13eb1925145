import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';
import { DIALECTS } from '../helpers/databases.ts';

const STATUS_KEYS = ['allow_failure', 'author', 'coverage', 'created_at', 'description', 'finished_at', 'id', 'name', 'pipeline_id', 'ref', 'sha', 'started_at', 'status', 'target_url'];

for (const dialect of DIALECTS) {
  describe(`commit statuses API (${dialect})`, () => {
    let f: GitFixture;
    let project: { id: number; path: string };
    let developer: { id: number; token: string; userId: number };
    let feature: string; // a commit only on the branch `feature`
    let main: string;
    let p: string;

    const post = (sha: string, body: Record<string, unknown>, token = developer.token) => f.t.api('POST', `${p}/statuses/${sha}`, { token, body });
    const list = (sha: string, query = '', token = developer.token) => f.t.api('GET', `${p}/repository/commits/${sha}/statuses${query}`, { token });
    const commitOn = async (branch: string, file: string) => {
      const made = await f.t.api('POST', `${p}/repository/files/${file}`, { body: { branch, content: `${file}\n`, commit_message: `add ${file}` } });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      return (await f.t.api('GET', `${p}/repository/branches/${branch}`)).body.commit.id as string;
    };

    before(async () => {
      f = await startGitFixture(dialect);
      project = await f.createProject('statuses');
      p = `/projects/${project.id}`;
      await f.seed(project.path);
      main = (await f.t.api('GET', `${p}/repository/branches/main`)).body.commit.id;
      assert.equal((await f.t.api('POST', `${p}/repository/branches`, { body: { branch: 'feature', ref: 'main' } })).status, 201);
      feature = await commitOn('feature', 'feature.txt');
      developer = await f.projectToken(project.id, ['api'], 30, { name: 'ci' });
    });
    after(() => f.close());

    test('POST /projects/:id/statuses/:sha by a Developer creates the job of an external pipeline on the branch holding the commit', async () => {
      const res = await post(feature, { state: 'pending' });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.deepEqual(Object.keys(res.body).sort(), STATUS_KEYS);
      assert.equal(res.body.sha, feature);
      assert.equal(res.body.ref, 'feature');
      assert.equal(res.body.name, 'default');
      assert.equal(res.body.status, 'pending');
      assert.equal(res.body.target_url, null);
      assert.equal(res.body.allow_failure, false);
      assert.equal(res.body.author.id, developer.userId);
      const pipeline = await f.t.api('GET', `${p}/pipelines/${res.body.pipeline_id}`);
      assert.equal(pipeline.body.source, 'external');
      assert.equal(pipeline.body.status, 'pending');
    });

    test('POST statuses moves the same job on (pending → running → success), and refuses the same state twice in GitLab\'s words', async () => {
      const body = { context: 'build', ref: 'feature', description: 'building', coverage: '10.5', target_url: 'https://ci.example.com/1' };
      const pending = await post(feature, { ...body, state: 'pending' });
      assert.equal(pending.status, 201);
      const again = await post(feature, { ...body, state: 'pending' });
      assert.equal(again.status, 400);
      assert.deepEqual(again.body, { message: 'Cannot transition status via :enqueue from :pending (Reason(s): Status cannot transition via "enqueue")' });
      const running = await post(feature, { ...body, state: 'running', description: 'still building' });
      assert.equal(running.body.id, pending.body.id);
      assert.ok(running.body.started_at);
      assert.equal(running.body.finished_at, null);
      const twice = await post(feature, { ...body, state: 'running' });
      assert.deepEqual(twice.body, { message: 'Cannot transition status via :run from :running (Reason(s): Status cannot transition via "run")' });
      const done = await post(feature, { name: 'build', ref: 'feature', state: 'success', coverage: 90 });
      assert.equal(done.body.id, pending.body.id);
      assert.equal(done.body.status, 'success');
      assert.ok(done.body.finished_at);
      assert.equal(done.body.coverage, 90);
      assert.equal(done.body.description, 'still building');
      assert.equal(done.body.target_url, 'https://ci.example.com/1');
    });

    test('POST statuses for a finished job adds a new one; GET lists the latest of each name unless all=true', async () => {
      const retried = await post(feature, { name: 'build', ref: 'feature', state: 'failed' });
      assert.equal(retried.status, 201);
      const latest = await list(feature);
      assert.equal(latest.status, 200);
      assert.deepEqual(latest.body.map((s: any) => [s.name, s.status]), [['default', 'pending'], ['build', 'failed']]);
      assert.equal(latest.headers['x-total'], '2');
      const all = await list(feature, '?all=true');
      assert.deepEqual(all.body.map((s: any) => s.name), ['default', 'build', 'build']);
      assert.deepEqual((await list(feature, '?all=1&sort=desc')).body.map((s: any) => s.id), all.body.map((s: any) => s.id).reverse());
      assert.deepEqual((await list(feature, '?name=build')).body.map((s: any) => s.status), ['failed']);
      assert.equal((await list(feature, '?ref=main')).body.length, 0);
      assert.equal((await list(feature, '?stage=test')).body.length, 0);
      assert.equal((await list(feature, '?stage=external')).body.length, 2);
      assert.equal((await list(feature, `?pipeline_id=${retried.body.pipeline_id}`)).body.length, 2);
      assert.equal((await list(feature, '?order_by=name')).status, 400);
      assert.deepEqual((await list(main)).body, []);
    });

    test('POST statuses with a ref of its own opens another pipeline; pipeline_id must match the commit', async () => {
      const other = await post(feature, { state: 'success', ref: 'elsewhere' });
      assert.equal(other.status, 201);
      const first = (await list(feature)).body[0].pipeline_id;
      assert.notEqual(other.body.pipeline_id, first);
      const byId = await post(feature, { state: 'running', name: 'joined', pipeline_id: first });
      assert.equal(byId.body.pipeline_id, first);
      assert.equal(byId.body.ref, 'feature');
      const wrong = await post(main, { state: 'running', pipeline_id: first });
      assert.equal(wrong.status, 404);
      assert.deepEqual(wrong.body, { message: '404 Pipeline for pipeline_id, sha and ref Not Found' });
    });

    test('POST statuses refuses bad input: a state outside the list, none, a non-http target_url, an unknown commit', async () => {
      assert.deepEqual((await post(feature, { state: 'invalid' })).body, { error: 'state does not have a valid value' });
      assert.deepEqual((await post(feature, {})).body, { error: 'state is missing' });
      for (const target_url of ['git://example.com', 'invalid url', 'javascript:alert(1)']) {
        const res = await post(feature, { state: 'pending', name: 'link', target_url });
        assert.equal(res.status, 400, target_url);
        assert.deepEqual(res.body, { message: { target_url: ['is blocked: Only allowed schemes are http, https'] } });
      }
      const unknown = await post('0'.repeat(40), { state: 'pending' });
      assert.equal(unknown.status, 404);
      assert.deepEqual(unknown.body, { message: '404 Commit Not Found' });
      assert.equal((await post('--output=x', { state: 'pending' })).status, 404);
      assert.equal((await post(feature, { state: 'pending', coverage: 'lots' })).status, 400);
    });

    test('POST statuses: a Reporter or a Guest gets 403; on a protected branch a Developer gets 403 and a Maintainer 201', async () => {
      for (const level of [20, 10]) {
        const token = (await f.projectToken(project.id, ['api'], level)).token;
        const res = await post(feature, { state: 'pending' }, token);
        assert.equal(res.status, 403);
        assert.deepEqual(res.body, { message: '403 Forbidden' });
      }
      const onMain = await post(main, { state: 'running', ref: 'main' });
      assert.equal(onMain.status, 403);
      const maintainer = (await f.projectToken(project.id, ['api'], 40)).token;
      assert.equal((await post(main, { state: 'running', ref: 'main' }, maintainer)).status, 201);
    });

    test('GET .../commits/:sha/statuses: a Guest gets 403, an unknown commit 404, anonymous 401', async () => {
      const guest = (await f.projectToken(project.id, ['read_api'], 10)).token;
      assert.equal((await list(feature, '', guest)).status, 403);
      assert.deepEqual((await list('f'.repeat(40))).body, { message: '404 Commit Not Found' });
      assert.equal((await f.t.api('GET', `${p}/repository/commits/${feature}/statuses`, { token: '' })).status, 401);
    });

    test('GET .../commits/:sha shows the newest pipeline as last_pipeline and its status, as Renovate reads it', async () => {
      const commit = await f.t.api('GET', `${p}/repository/commits/${feature}`, { token: developer.token });
      assert.equal(typeof commit.body.last_pipeline.id, 'number');
      assert.equal(commit.body.status, commit.body.last_pipeline.status);
      assert.equal(commit.body.last_pipeline.sha, feature);
      assert.equal(commit.body.last_pipeline.web_url, `${f.t.app.deps.config.externalUrl}/${project.path}/-/pipelines/${commit.body.last_pipeline.id}`);
      const renovate = await post(feature, { state: 'pending', context: 'renovate/stability-days', description: 'waiting', pipeline_id: commit.body.last_pipeline.id });
      assert.equal(renovate.status, 201);
      assert.equal(renovate.body.pipeline_id, commit.body.last_pipeline.id);
      const repeat = await post(feature, { state: 'pending', context: 'renovate/stability-days', pipeline_id: commit.body.last_pipeline.id });
      assert.ok(repeat.body.message.startsWith('Cannot transition status via :enqueue from :pending'));
      assert.equal((await f.t.api('GET', `${p}/repository/commits/${main}`)).body.last_pipeline.ref, 'main');
    });

    test('POST statuses racing for one new commit and ref open one pipeline, with every job in it', async () => {
      const sha = await commitOn('feature', 'raced.txt');
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => post(sha, { state: 'running', name: `job-${i}`, ref: 'feature' })));
      assert.deepEqual(results.map((res) => res.status), Array(6).fill(201));
      assert.equal(new Set(results.map((res) => res.body.pipeline_id)).size, 1);
      assert.equal((await list(sha)).body.length, 6);
      assert.equal((await f.t.api('GET', `${p}/pipelines?sha=${sha}`)).body.length, 1);
    });

    test('revoking a bot that posted statuses leaves them authored by the Ghost User', async () => {
      const bot = await f.projectToken(project.id, ['api'], 30, { name: 'doomed-ci' });
      const made = await post(feature, { state: 'success', name: 'doomed-job' }, bot.token);
      assert.equal(made.status, 201);
      assert.equal((await f.t.api('DELETE', `${p}/access_tokens/${bot.id}`)).status, 204);
      const job = (await list(feature, '?name=doomed-job')).body[0];
      assert.equal(job.id, made.body.id);
      assert.equal(job.author.username, 'ghost');
      assert.equal((await f.t.api('GET', `${p}/pipelines/${made.body.pipeline_id}`)).status, 200);
    });
  });
}
