import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startGitFixture, type GitFixture } from './git-fixture.ts';

/** What Grape answers before GitLab's services run: every missing parameter at once, and HEAD on a branch. */
for (const dialect of DIALECTS) {
  describe(`repository routes' parameters and existence checks (${dialect})`, () => {
    let f: GitFixture;
    let p: string;
    let developer: string;

    before(async () => {
      f = await startGitFixture(dialect);
      const project = await f.createProject('params');
      const work = await f.seed(project.path);
      const git = async (args: string[]) => assert.equal((await f.cli.git(args, { cwd: work })).code, 0, args.join(' '));
      await git(['push', '--quiet', 'origin', 'main:release/1.x']);
      await f.cli.commit(work, { 'CHANGELOG.md': '1.1\n' }, 'Next');
      await git(['push', '--quiet', 'origin', 'main', 'main:same-as-main']);
      await git(['checkout', '--quiet', '-b', 'topic']);
      await f.cli.commit(work, { 'topic.txt': 'wip\n' }, 'Work in progress');
      await git(['push', '--quiet', 'origin', 'topic']);
      p = `/projects/${project.id}`;
      developer = (await f.projectToken(project.id, ['api'], 30)).token;
    });
    after(() => f.close());

    const answer = async (method: 'GET' | 'POST' | 'HEAD', path: string, body?: object) => {
      const res = await f.t.api(method, `${p}${path}`, { token: developer, body });
      return [res.status, res.body];
    };

    test('POST /projects/:id/repository/branches names every missing or blank parameter, as Grape does', async () => {
      assert.deepEqual(await answer('POST', '/repository/branches', {}), [400, { error: 'branch is missing, branch is empty, ref is missing, ref is empty' }]);
      assert.deepEqual(await answer('POST', '/repository/branches', { branch: '', ref: ' ' }), [400, { error: 'branch is empty, ref is empty' }]);
      assert.deepEqual(await answer('POST', '/repository/branches', { branch: 'topic' }), [400, { error: 'ref is missing, ref is empty' }]);
    });

    test('POST /projects/:id/repository/tags names both missing parameters; a blank name reaches the tag service', async () => {
      assert.deepEqual(await answer('POST', '/repository/tags', {}), [400, { error: 'tag_name is missing, ref is missing' }]);
      assert.deepEqual(await answer('POST', '/repository/tags', { tag_name: '', ref: 'main' }), [400, { message: 'Tag name invalid' }]);
    });

    test('GET /projects/:id/repository/compare names both missing refs', async () => {
      assert.deepEqual(await answer('GET', '/repository/compare'), [400, { error: 'from is missing, to is missing' }]);
      assert.deepEqual(await answer('GET', '/repository/compare?from=main'), [400, { error: 'to is missing' }]);
    });

    test('HEAD /projects/:id/repository/branches/:branch is 204 for a branch (slashes URL-encoded) and 404 otherwise', async () => {
      assert.deepEqual(await answer('HEAD', '/repository/branches/main'), [204, null]);
      assert.deepEqual(await answer('HEAD', '/repository/branches/release%2F1.x'), [204, null]);
      assert.equal((await answer('HEAD', '/repository/branches/nope'))[0], 404);
    });

    test('GET /projects/:id/repository/branches says merged for a branch behind the default one, never for the default branch, one at its tip or one ahead', async () => {
      const [status, listed] = await answer('GET', '/repository/branches');
      assert.equal(status, 200);
      assert.deepEqual(Object.fromEntries((listed as any[]).map((branch) => [branch.name, branch.merged])), {
        main: false,
        'release/1.x': true,
        'same-as-main': false,
        topic: false,
      });
      assert.equal(((await answer('GET', '/repository/branches/release%2F1.x'))[1] as any).merged, true);
    });
  });
}
