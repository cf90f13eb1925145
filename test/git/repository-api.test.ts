import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startGitFixture, type GitFixture } from './git-fixture.ts';

for (const dialect of DIALECTS) {
  describe(`repository API: branches and raw files (${dialect})`, () => {
    let f: GitFixture;
    let project: { id: number; path: string };
    let work: string;
    let readApi: string;

    before(async () => {
      f = await startGitFixture(dialect);
      project = await f.createProject('library');
      work = await f.seed(project.path);
      await f.cli.git(['switch', '--quiet', '-c', 'feature/x'], { cwd: work });
      await f.cli.commit(work, { 'dir/sub file.txt': 'nested content\n' }, 'Nested file');
      assert.equal((await f.cli.git(['push', '--quiet', 'origin', 'feature/x'], { cwd: work })).code, 0);
      readApi = (await f.projectToken(project.id, ['read_api'], 20)).token;
    });
    after(() => f.close());

    test('GET /projects/:id/repository/branches lists pushed branches with their head commit (read_api is enough)', async () => {
      const res = await f.t.api('GET', `/projects/${project.id}/repository/branches`, { token: readApi });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.map((b: any) => b.name), ['feature/x', 'main']);
      assert.equal(res.headers['x-total'], '2');
      const main = res.body.find((b: any) => b.name === 'main');
      assert.equal(main.default, true);
      assert.equal(main.protected, true, 'the default branch starts protected');
      assert.equal(main.can_push, false, 'a Reporter cannot push');
      assert.equal(main.commit.title, 'Initial commit');
      assert.equal(main.commit.author_name, 'Test Pusher');
      assert.match(main.commit.id, /^[0-9a-f]{40}$/);
      const searched = await f.t.api('GET', `/projects/${project.id}/repository/branches?search=FEAT`, { token: readApi });
      assert.deepEqual(searched.body.map((b: any) => b.name), ['feature/x']);
    });

    test('GET /projects/:id/repository/branches/:branch finds a branch with a slash; a missing one is 404 Branch Not Found', async () => {
      const res = await f.t.api('GET', `/projects/${encodeURIComponent(project.path)}/repository/branches/feature%2Fx`, { token: readApi });
      assert.equal(res.status, 200);
      assert.equal(res.body.name, 'feature/x');
      assert.equal(res.body.commit.title, 'Nested file');
      assert.equal(res.body.commit.parent_ids.length, 1);
      const missing = await f.t.api('GET', `/projects/${project.id}/repository/branches/nope`, { token: readApi });
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.body, { message: '404 Branch Not Found' });
    });

    test('GET /projects/:id/repository/files/:file_path/raw returns the file at a ref, the default branch by default', async () => {
      const readme = await f.t.api('GET', `/projects/${project.id}/repository/files/README.md/raw`, { token: readApi });
      assert.equal(readme.status, 200);
      assert.equal(readme.body, '# Seed\n');
      assert.equal(readme.headers['x-gitlab-size'], '7');
      const nested = await f.t.api('GET', `/projects/${project.id}/repository/files/dir%2Fsub%20file.txt/raw?ref=feature%2Fx`, { token: readApi });
      assert.equal(nested.status, 200);
      assert.equal(nested.body, 'nested content\n');
      const notOnMain = await f.t.api('GET', `/projects/${project.id}/repository/files/dir%2Fsub%20file.txt/raw`, { token: readApi });
      assert.equal(notOnMain.status, 404);
      assert.deepEqual(notOnMain.body, { message: '404 File Not Found' });
      const badRef = await f.t.api('GET', `/projects/${project.id}/repository/files/README.md/raw?ref=--output=/tmp/x`, { token: readApi });
      assert.equal(badRef.status, 404);
      assert.deepEqual(badRef.body, { message: '404 Commit Not Found' });
    });

    test('a read_repository token is refused by the API scope gate; a Guest is 403; an outsider sees 404', async () => {
      const gitOnly = await f.projectToken(project.id, ['read_repository'], 20);
      const scoped = await f.t.api('GET', `/projects/${project.id}/repository/branches`, { token: gitOnly.token });
      assert.equal(scoped.status, 403);
      assert.equal(scoped.body.error, 'insufficient_scope');
      const guest = await f.projectToken(project.id, ['read_api'], 10);
      const refused = await f.t.api('GET', `/projects/${project.id}/repository/files/README.md/raw`, { token: guest.token });
      assert.equal(refused.status, 403);
      assert.deepEqual(refused.body, { message: '403 Forbidden' });
      const outsider = await f.t.createUser('outsider');
      const hidden = await f.t.api('GET', `/projects/${project.id}/repository/branches`, { token: outsider.token });
      assert.equal(hidden.status, 404);
      assert.deepEqual(hidden.body, { message: '404 Project Not Found' });
      const anonymous = await f.t.api('GET', `/projects/${project.id}/repository/branches`, { token: null });
      assert.equal(anonymous.status, 404);
    });

    test('an empty repository has no branches', async () => {
      const empty = await f.createProject('empty');
      const res = await f.t.api('GET', `/projects/${empty.id}/repository/branches`);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, []);
    });
  });
}
