import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { repositoryPath } from '../../src/git/repository-path.ts';
import { readRefs } from '../../src/git/refs.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { httpUrl, sshUrl } from '../git/git-cli.ts';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';

const OUTSIDE = 'You can only push branches, tags and notes.';

/**
 * git resolves a name such as `release/1.0` to `refs/release/1.0` before `refs/tags/release/1.0`
 * and `refs/heads/release/1.0`: a Developer who could push `refs/release/1.0` would change what
 * every API read of the protected branch `release/1.0` (raw files, archives, a Maintainer's tag or
 * release from that `ref`) sees. Pushes outside
 * refs/heads, refs/tags and refs/notes are refused, over HTTP and SSH.
 */
for (const dialect of DIALECTS) {
  describe(`a push cannot shadow a protected branch (${dialect})`, () => {
    let f: GitFixture;
    after(() => f?.close());
    before(async () => {
      f = await startGitFixture(dialect);
    });

    for (const transport of ['http', 'ssh'] as const) {
      test(`git push over ${transport} of refs/release/1.0 by a Developer is refused, and ref=release/1.0 still reads the protected branch`, async () => {
        const project = await f.createProject(`shadow-${transport}`);
        const work = await f.seed(project.path);
        const developer = (await f.projectToken(project.id, ['api', 'write_repository'], 30)).token;
        await f.cli.commit(work, { 'README.md': '# Evil\n' }, 'Not reviewed');
        const push = (refspec: string) =>
          transport === 'http'
            ? f.cli.git(['push', '--porcelain', httpUrl(f.baseUrl, project.path, developer), refspec], { cwd: work })
            : f.cli.git(['push', '--porcelain', sshUrl(f.ssh.port, project.path), refspec], { cwd: work, env: f.cli.sshEnv(f.ssh.port, { password: developer }) });
        const dir = repositoryPath(f.t.app.deps.config.dataDir, project.id);
        const seeded = Object.fromEntries(await readRefs(dir))['refs/heads/main']!;
        assert.equal((await f.t.api('POST', `/projects/${project.id}/repository/branches`, { body: { branch: 'release/1.0', ref: 'main' } })).status, 201);
        assert.equal((await f.t.api('POST', `/projects/${project.id}/protected_branches`, { body: { name: 'release/*' } })).status, 201);

        for (const ref of ['refs/release/1.0', 'refs/merge-requests/1/head']) {
          const result = await push(`HEAD:${ref}`);
          assert.notEqual(result.code, 0, `${ref}: the push went through`);
          assert.ok(result.stderr.split('\n').map((line) => line.trimEnd()).includes(`remote: GitLab: ${OUTSIDE}`), result.stderr);
        }
        const raw = await f.t.api('GET', `/projects/${project.id}/repository/files/README.md/raw?ref=release%2F1.0`, { token: developer });
        assert.equal(raw.body, '# Seed\n');
        const tag = await f.t.api('POST', `/projects/${project.id}/repository/tags`, { body: { tag_name: 'v1.0.0', ref: 'release/1.0' } });
        assert.equal(tag.status, 201);
        assert.equal(tag.body.commit.id, seeded);

        // Branches, tags and notes (semantic-release keeps its channels in refs/notes) still go through.
        const notes = await f.cli.git(['notes', 'add', '-m', 'channel', 'HEAD'], { cwd: work });
        assert.equal(notes.code, 0, notes.stderr);
        for (const refspec of ['HEAD:refs/heads/feature', 'HEAD:refs/tags/nightly', 'refs/notes/commits:refs/notes/commits']) {
          const result = await push(refspec);
          assert.equal(result.code, 0, `${refspec}: ${result.stderr}`);
        }
      });
    }
  });
}
