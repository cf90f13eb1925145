import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { repositoryPath } from '../../src/git/repository-path.ts';
import { readRefs } from '../../src/git/refs.ts';
import { DIALECTS } from '../helpers/databases.ts';
import type { CliResult } from './git-cli.ts';
import { httpUrl, sshUrl } from './git-cli.ts';
import { startGitFixture, type GitFixture } from './git-fixture.ts';

// A token limited to some refs (allowed_refs) by git push over HTTP and SSH and by every API write:
// any other ref refuses the whole push or write, naming the ref; protected branches still apply.

const PROTECTED_PUSH = 'You are not allowed to push code to protected branches on this project.';
const outside = (ref: string) => `This token may not update ${ref}`;

for (const dialect of DIALECTS) {
  describe(`ref-scoped tokens (${dialect})`, () => {
    let f: GitFixture;
    let work: string;
    let base: string;
    let ahead: string;

    before(async () => {
      f = await startGitFixture(dialect);
      const template = await f.createProject('scoped-template');
      work = await f.seed(template.path);
      base = (await f.cli.git(['rev-parse', 'HEAD'], { cwd: work })).stdout.trim();
      await f.cli.commit(work, { 'ahead.txt': 'ahead\n' }, 'Ahead of main');
      ahead = (await f.cli.git(['rev-parse', 'HEAD'], { cwd: work })).stdout.trim();
    });
    after(() => f.close());

    /** A project whose main is at `base`, and a Developer or Maintainer bot limited to renovate/* branches and v* tags. */
    async function scopedProject(name: string, level = 30, allowedRefs = ['refs/heads/renovate/*', 'refs/tags/v*']) {
      const project = await f.createProject(name);
      const pushed = await f.cli.git(['push', '--quiet', httpUrl(f.baseUrl, project.path, f.t.rootToken), `${base}:refs/heads/main`], { cwd: work });
      assert.equal(pushed.code, 0, pushed.stderr);
      const res = await f.t.api('POST', `/projects/${project.id}/access_tokens`, { body: { name: 'renovate', scopes: ['api'], access_level: level, allowed_refs: allowedRefs } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const dir = repositoryPath(f.t.app.deps.config.dataDir, project.id);
      return { project, token: res.body.token as string, id: res.body.id as number, refs: async () => Object.fromEntries(await readRefs(dir)) };
    }

    for (const transport of ['http', 'ssh'] as const) {
      test(`git push over ${transport}: allowed refs move, any other refuses the whole push naming it`, async () => {
        const { project, token, refs } = await scopedProject(`scoped-${transport}`);
        const push = (refspecs: string[]): Promise<CliResult> =>
          transport === 'http'
            ? f.cli.git(['push', '--porcelain', httpUrl(f.baseUrl, project.path, token), ...refspecs], { cwd: work })
            : f.cli.git(['push', '--porcelain', sshUrl(f.ssh.port, project.path), ...refspecs], { cwd: work, env: f.cli.sshEnv(f.ssh.port, { password: token }) });
        const accepted = async (refspecs: string[], step: string) => {
          const result = await push(refspecs);
          assert.equal(result.code, 0, `${step}: ${result.stderr}`);
        };
        const refused = async (refspecs: string[], message: string, step: string) => {
          const before = await refs();
          const result = await push(refspecs);
          assert.notEqual(result.code, 0, `${step}: the push went through`);
          const printed = result.stderr.split('\n').map((line) => line.trimEnd());
          assert.ok(printed.includes(`remote: GitLab: ${message}`), `${step}: git printed\n${result.stderr}`);
          assert.match(result.stdout, /\[remote rejected\] \(pre-receive hook declined\)/, step);
          assert.deepEqual(await refs(), before, `${step}: a ref moved`);
        };

        await accepted([`${ahead}:refs/heads/renovate/lodash-4.x`], 'a push to renovate/lodash-4.x');
        await refused([`${ahead}:refs/heads/main`], outside('refs/heads/main'), 'a push to main');
        await refused([`${base}:refs/heads/renovate/react`, `${ahead}:refs/heads/main`], outside('refs/heads/main'), 'renovate/react and main at once: nothing moves');
        await refused([`${base}:refs/heads/feature`], outside('refs/heads/feature'), 'a new branch outside the patterns');
        await accepted([`${base}:refs/tags/v1.0.0`], 'a tag matching v*');
        await refused([`${base}:refs/tags/release-1`], outside('refs/tags/release-1'), 'a tag outside the patterns');
        await accepted([':refs/heads/renovate/lodash-4.x'], 'deleting an allowed branch');
        assert.deepEqual(await refs(), { 'refs/heads/main': base, 'refs/tags/v1.0.0': base });
      });
    }

    test('API writes: files, commits, branches, tags, releases with a new tag and merges are refused outside the patterns, and move nothing', async () => {
      // A Maintainer's token: protection would let it write to main and merge into it, its limits do not.
      const { project, token, refs } = await scopedProject('scoped-api', 40);
      const p = `/projects/${project.id}`;
      const refused = async (method: 'POST' | 'PUT' | 'DELETE', path: string, body: object | undefined, ref: string, step: string) => {
        const before = await refs();
        const res = await f.t.api(method, `${p}${path}`, { token, body });
        assert.deepEqual([res.status, res.body], [403, { message: `403 Forbidden - ${outside(ref)}` }], step);
        assert.deepEqual(await refs(), before, `${step}: a ref moved`);
      };
      const accepted = async (method: 'POST' | 'PUT', path: string, body: object, step: string) => {
        const res = await f.t.api(method, `${p}${path}`, { token, body });
        assert.ok(res.status === 200 || res.status === 201, `${step}: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body;
      };

      await refused('POST', '/repository/files/new.txt', { branch: 'main', content: 'x', commit_message: 'on main' }, 'refs/heads/main', 'a file committed to main');
      await accepted('POST', '/repository/files/new.txt', { branch: 'renovate/files', start_branch: 'main', content: 'x', commit_message: 'on renovate' }, 'a file on a new renovate branch');
      await refused('POST', '/repository/commits', { branch: 'main', commit_message: 'c', actions: [{ action: 'create', file_path: 'c.txt', content: 'c' }] }, 'refs/heads/main', 'a commit to main');
      await refused('POST', '/repository/branches', { branch: 'feature', ref: 'main' }, 'refs/heads/feature', 'a branch outside the patterns');
      await accepted('POST', '/repository/branches', { branch: 'renovate/deps', ref: 'main' }, 'a renovate branch');
      await refused('POST', '/repository/tags', { tag_name: 'release-1', ref: 'main' }, 'refs/tags/release-1', 'a tag outside the patterns');
      await accepted('POST', '/repository/tags', { tag_name: 'v2.0.0', ref: 'main' }, 'a v* tag');
      await refused('POST', '/releases', { tag_name: 'nightly', ref: 'main' }, 'refs/tags/nightly', 'a release creating the tag nightly');
      await accepted('POST', '/releases', { tag_name: 'v2.1.0', ref: 'main' }, 'a release creating v2.1.0');
      assert.equal((await f.t.api('POST', `${p}/repository/branches`, { body: { branch: 'keep', ref: 'main' } })).status, 201);
      await refused('DELETE', '/repository/branches/keep', undefined, 'refs/heads/keep', 'deleting a branch outside the patterns');

      // A merge request from the bot's branch into main: the merge would move main.
      const mr = await accepted('POST', '/merge_requests', { source_branch: 'renovate/files', target_branch: 'main', title: 'Update files' }, 'the merge request');
      await refused('PUT', `/merge_requests/${mr.iid}/merge`, {}, 'refs/heads/main', 'merging into main');
      const after = await f.t.api('GET', `${p}/merge_requests/${mr.iid}`);
      assert.equal(after.body.state, 'opened');
    });

    test('allowed refs still obey protected branches, and a token without limits may update any ref', async () => {
      const { project, token } = await scopedProject('scoped-protected', 30, ['refs/heads/*']);
      // main, the default branch, is protected for Maintainers; the token is a Developer's.
      const pushed = await f.cli.git(['push', '--porcelain', httpUrl(f.baseUrl, project.path, token), `${ahead}:refs/heads/main`], { cwd: work });
      assert.notEqual(pushed.code, 0);
      assert.ok(pushed.stderr.split('\n').map((line) => line.trimEnd()).includes(`remote: GitLab: ${PROTECTED_PUSH}`), pushed.stderr);
      const free = await f.projectToken(project.id, ['write_repository'], 30);
      const anywhere = await f.cli.git(['push', '--porcelain', httpUrl(f.baseUrl, project.path, free.token), `${base}:refs/heads/anything`, `${base}:refs/tags/anything`], { cwd: work });
      assert.equal(anywhere.code, 0, anywhere.stderr);
    });

    test('PUT changes the patterns and the next push obeys; clearing them lifts the limit', async () => {
      const { project, token, id } = await scopedProject('scoped-updated');
      const push = (ref: string) => f.cli.git(['push', '--porcelain', httpUrl(f.baseUrl, project.path, token), `${ahead}:${ref}`], { cwd: work });
      assert.notEqual((await push('refs/heads/bot/one')).code, 0);
      assert.equal((await f.t.api('PUT', `/projects/${project.id}/access_tokens/${id}`, { body: { allowed_refs: ['refs/heads/bot/*'] } })).status, 200);
      assert.equal((await push('refs/heads/bot/one')).code, 0);
      assert.notEqual((await push('refs/heads/renovate/x')).code, 0);
      assert.equal((await f.t.api('PUT', `/projects/${project.id}/access_tokens/${id}`, { body: { allowed_refs: [] } })).status, 200);
      assert.equal((await push('refs/heads/renovate/x')).code, 0);
    });
  });
}
