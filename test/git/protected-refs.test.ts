import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { repositoryPath } from '../../src/git/repository-path.ts';
import { readRefs } from '../../src/git/refs.ts';
import { DIALECTS } from '../helpers/databases.ts';
import type { CliResult } from './git-cli.ts';
import { httpUrl, sshUrl } from './git-cli.ts';
import { startGitFixture, type GitFixture } from './git-fixture.ts';

const PUSH = 'You are not allowed to push code to protected branches on this project.';
const FORCE = 'You are not allowed to force push code to a protected branch on this project.';
const DELETE_ROLE = 'You are not allowed to delete protected branches from this project. Only a project maintainer or owner can delete a protected branch.';
const DELETE_GIT = 'You can only delete protected branches using the web interface.';
const CREATE_TAG = 'You are not allowed to create this tag as it is protected.';
const DELETE_TAG_ROLE = 'You are not allowed to delete protected tags from this project. Only a project maintainer or owner can delete a protected tag.';
const UPDATE_TAG = 'Protected tags cannot be updated.';
const DELETE_TAG_GIT = 'You can only delete protected tags using the web interface.';

type Role = 'developer' | 'maintainer';

/**
 * Protected branches and tags through the real git client, over HTTP and over SSH: the project's
 * default branch `main` (Maintainers push, no force push), `release/*` (Developers push, no force
 * push), the unprotected `feature`, tags `v*` (Maintainers create). Every refusal is git's own
 * "pre-receive hook declined" with GitLab's message, and the ref has not moved.
 */
for (const dialect of DIALECTS) {
  describe(`protected branches and tags over git (${dialect})`, () => {
    let f: GitFixture;
    let work: string;
    let base: string;
    let ahead: string;
    let diverged: string;

    before(async () => {
      f = await startGitFixture(dialect);
      const template = await f.createProject('template');
      work = await f.seed(template.path);
      const git = (args: string[]) => f.cli.git(args, { cwd: work });
      base = (await git(['rev-parse', 'HEAD'])).stdout.trim();
      await f.cli.commit(work, { 'ahead.txt': 'ahead\n' }, 'Ahead of main');
      ahead = (await git(['rev-parse', 'HEAD'])).stdout.trim();
      await git(['switch', '--quiet', '--detach', base]);
      await f.cli.commit(work, { 'diverged.txt': 'diverged\n' }, 'Diverged from main');
      diverged = (await git(['rev-parse', 'HEAD'])).stdout.trim();
    });
    after(() => f.close());

    for (const transport of ['http', 'ssh'] as const) {
      test(`git push over ${transport}: Developers and Maintainers against protected and unprotected branches and tags`, async () => {
        const project = await f.createProject(`protected-${transport}`);
        const dir = repositoryPath(f.t.app.deps.config.dataDir, project.id);
        const tokens: Record<Role, string> = {
          developer: (await f.projectToken(project.id, ['write_repository'], 30)).token,
          maintainer: (await f.projectToken(project.id, ['write_repository'], 40)).token,
        };
        const api = (method: 'POST' | 'PATCH', path: string, body: object) => f.t.api(method, `/projects/${project.id}${path}`, { body });
        assert.equal((await api('POST', '/protected_branches', { name: 'release/*', push_access_level: 30 })).status, 201);
        assert.equal((await api('POST', '/protected_tags', { name: 'v*' })).status, 201);

        const push = (role: Role | 'root', refspecs: string[]): Promise<CliResult> => {
          const token = role === 'root' ? f.t.rootToken : tokens[role];
          if (transport === 'http') return f.cli.git(['push', '--porcelain', httpUrl(f.baseUrl, project.path, token), ...refspecs], { cwd: work });
          return f.cli.git(['push', '--porcelain', sshUrl(f.ssh.port, project.path), ...refspecs], { cwd: work, env: f.cli.sshEnv(f.ssh.port, { password: token }) });
        };
        const refs = async () => Object.fromEntries(await readRefs(dir));
        const accepted = async (role: Role | 'root', refspecs: string[], step: string) => {
          const result = await push(role, refspecs);
          assert.equal(result.code, 0, `${step}: ${result.stderr}`);
        };
        const refused = async (role: Role, refspecs: string[], message: string, step: string) => {
          const before = await refs();
          const result = await push(role, refspecs);
          assert.notEqual(result.code, 0, `${step}: the push went through`);
          // git pads sideband lines with spaces where a terminal would clear to the end of the line.
          const printed = result.stderr.split('\n').map((line) => line.trimEnd());
          assert.ok(printed.includes(`remote: GitLab: ${message}`), `${step}: git printed\n${result.stderr}`);
          assert.match(result.stdout, /\[remote rejected\] \(pre-receive hook declined\)/, step);
          assert.deepEqual(await refs(), before, `${step}: a ref moved`);
        };

        // An admin (root) creates the branches: main is protected for Maintainers, and admins count as Maintainers.
        await accepted('root', [`${base}:refs/heads/main`, `${base}:refs/heads/release/1.0`, `${base}:refs/heads/feature`], 'root creates the branches');

        // Developer.
        await refused('developer', [`${ahead}:refs/heads/main`], PUSH, 'a Developer pushes to main');
        await accepted('developer', [`${ahead}:refs/heads/release/1.0`], 'a Developer pushes to release/1.0 (release/* lets Developers push)');
        await refused('developer', [`+${diverged}:refs/heads/release/1.0`], FORCE, 'a Developer force-pushes release/1.0');
        await refused('developer', [':refs/heads/release/1.0'], DELETE_ROLE, 'a Developer deletes release/1.0');
        await refused('developer', [`${ahead}:refs/heads/feature`, `${ahead}:refs/heads/main`], PUSH, 'a Developer pushes feature and main at once');
        await accepted('developer', [`${ahead}:refs/heads/feature`], 'a Developer pushes to feature');
        await accepted('developer', [`+${diverged}:refs/heads/feature`], 'a Developer force-pushes feature');
        await accepted('developer', [':refs/heads/feature'], 'a Developer deletes feature');
        await refused('developer', [`${base}:refs/tags/v1.0`], CREATE_TAG, 'a Developer creates the protected tag v1.0');
        await accepted('developer', [`${base}:refs/tags/nightly`], 'a Developer creates the unprotected tag nightly');
        await accepted('developer', [`+${ahead}:refs/tags/nightly`], 'a Developer moves the unprotected tag nightly');

        // Maintainer.
        await accepted('maintainer', [`${ahead}:refs/heads/main`], 'a Maintainer pushes to main');
        await refused('maintainer', [`+${diverged}:refs/heads/main`], FORCE, 'a Maintainer force-pushes main');
        await refused('maintainer', [':refs/heads/release/1.0'], DELETE_GIT, 'a Maintainer deletes release/1.0');
        await accepted('maintainer', [`${base}:refs/tags/v1.0`], 'a Maintainer creates the protected tag v1.0');
        await refused('maintainer', [`+${ahead}:refs/tags/v1.0`], UPDATE_TAG, 'a Maintainer moves the protected tag v1.0');
        await refused('maintainer', [':refs/tags/v1.0'], DELETE_TAG_GIT, 'a Maintainer deletes the protected tag v1.0');
        await accepted('maintainer', [':refs/tags/nightly'], 'a Maintainer deletes the unprotected tag nightly');

        // What the API changes, the next push obeys.
        assert.equal((await api('PATCH', '/protected_branches/main', { allow_force_push: true })).status, 200);
        await accepted('maintainer', [`+${diverged}:refs/heads/main`], 'a Maintainer force-pushes main once force push is allowed');
        await refused('developer', [`+${base}:refs/heads/main`], PUSH, 'a Developer still may not push to main');

        assert.deepEqual(await refs(), {
          'refs/heads/main': diverged,
          'refs/heads/release/1.0': ahead,
          'refs/tags/v1.0': base,
        });
      });
    }

    test('the API column: files, commits, branch and tag writes obey the same rules, and a refused write moves nothing', async () => {
      const project = await f.createProject('protected-api');
      const dir = repositoryPath(f.t.app.deps.config.dataDir, project.id);
      const p = `/projects/${project.id}`;
      await f.cli.git(['push', '--quiet', httpUrl(f.baseUrl, project.path, f.t.rootToken), `${base}:refs/heads/main`, `${base}:refs/heads/release/1.0`], { cwd: work });
      const developer = (await f.projectToken(project.id, ['api'], 30)).token;
      const maintainer = (await f.projectToken(project.id, ['api'], 40)).token;
      assert.equal((await f.t.api('POST', `${p}/protected_branches`, { body: { name: 'stable*' } })).status, 201);
      assert.equal((await f.t.api('POST', `${p}/protected_branches`, { body: { name: 'release/*', push_access_level: 30 } })).status, 201);
      assert.equal((await f.t.api('POST', `${p}/protected_tags`, { body: { name: 'v*' } })).status, 201);
      const refs = async () => Object.fromEntries(await readRefs(dir));
      const refused = async (token: string, method: 'POST' | 'DELETE', path: string, body: object | undefined, message: string, step: string) => {
        const before = await refs();
        const res = await f.t.api(method, `${p}${path}`, { token, body });
        assert.deepEqual([res.status, res.body], [403, { message: `403 Forbidden - ${message}` }], step);
        assert.deepEqual(await refs(), before, `${step}: a ref moved`);
      };
      const accepted = async (token: string, method: 'POST' | 'DELETE', path: string, body: object | undefined, step: string) => {
        const res = await f.t.api(method, `${p}${path}`, { token, body });
        assert.ok(res.status === 201 || res.status === 204, `${step}: ${res.status} ${JSON.stringify(res.body)}`);
      };

      await refused(developer, 'POST', '/repository/branches', { branch: 'stable', ref: 'main' }, 'You are not allowed to push into this branch', 'a Developer creates the protected branch stable');
      await accepted(maintainer, 'POST', '/repository/branches', { branch: 'stable', ref: 'main' }, 'a Maintainer creates stable');
      await accepted(developer, 'POST', '/repository/branches', { branch: 'release/2.0', ref: 'main' }, 'a Developer creates release/2.0 (release/* lets Developers push)');
      await refused(developer, 'DELETE', `/repository/branches/${encodeURIComponent('release/2.0')}`, undefined, DELETE_ROLE, 'a Developer deletes release/2.0');
      await accepted(maintainer, 'DELETE', `/repository/branches/${encodeURIComponent('release/2.0')}`, undefined, 'a Maintainer deletes release/2.0 through the API');
      // The branches API refuses the default branch itself, as GitLab's (400, its own message).
      const defaultBranch = await f.t.api('DELETE', `${p}/repository/branches/main`, { token: maintainer });
      assert.deepEqual([defaultBranch.status, defaultBranch.body], [400, { message: 'The default branch of a project cannot be deleted.' }]);
      await refused(developer, 'POST', '/repository/tags', { tag_name: 'v1.0', ref: 'main' }, CREATE_TAG, 'a Developer creates the protected tag v1.0');
      await accepted(maintainer, 'POST', '/repository/tags', { tag_name: 'v1.0', ref: 'main' }, 'a Maintainer creates v1.0');
      await refused(developer, 'DELETE', '/repository/tags/v1.0', undefined, DELETE_TAG_ROLE, 'a Developer deletes the protected tag v1.0');
      await accepted(maintainer, 'DELETE', '/repository/tags/v1.0', undefined, 'a Maintainer deletes the protected tag v1.0 through the API');
      const file = (branch: string, name: string) => ({ branch, content: `${name}\n`, commit_message: `Add ${name}` });
      const commit = (branch: string, name: string) => ({ branch, commit_message: `Add ${name}`, actions: [{ action: 'create', file_path: name, content: `${name}\n` }] });
      await refused(developer, 'POST', '/repository/files/dev.txt', file('main', 'dev.txt'), 'You are not allowed to push into this branch', 'a Developer commits a file to main');
      await refused(developer, 'POST', '/repository/commits', commit('main', 'dev.txt'), 'You are not allowed to push into this branch', 'a Developer commits actions to main');
      await refused(developer, 'POST', '/repository/files/dev.txt', { ...file('stable-2', 'dev.txt'), start_branch: 'main' }, 'You are not allowed to push into this branch', 'a Developer starts the protected branch stable-2 from a file');
      await accepted(developer, 'POST', `/repository/files/dev.txt`, file('release/1.0', 'dev.txt'), 'a Developer commits a file to release/1.0');
      await accepted(developer, 'POST', '/repository/commits', commit('release/1.0', 'dev2.txt'), 'a Developer commits actions to release/1.0');
      await accepted(maintainer, 'POST', '/repository/files/maintainer.txt', file('main', 'maintainer.txt'), 'a Maintainer commits a file to main');
      await accepted(maintainer, 'POST', '/repository/commits', commit('main', 'maintainer2.txt'), 'a Maintainer commits actions to main');
      const after = await refs();
      assert.equal(after['refs/heads/stable'], base);
      assert.notEqual(after['refs/heads/main'], base);
      assert.notEqual(after['refs/heads/release/1.0'], base);
      assert.equal(after['refs/tags/v1.0'], undefined);
    });
  });
}
