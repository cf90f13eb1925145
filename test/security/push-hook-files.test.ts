import assert from 'node:assert/strict';
import { chmodSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { repositoryPath } from '../../src/git/repository-path.ts';
import { readRefs } from '../../src/git/refs.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { httpUrl, sshUrl } from '../git/git-cli.ts';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';

/**
 * git silently skips a hook that is missing or not executable: protected branches would then hold
 * for no push. Every push checks its hooks first (rewriting them when they went), so a Developer's
 * push to the protected `main` is refused whatever happened to the hooks directory.
 */
for (const dialect of DIALECTS) {
  describe(`protection holds when the hook files went (${dialect})`, () => {
    let f: GitFixture;
    after(() => f?.close());
    before(async () => {
      f = await startGitFixture(dialect);
    });

    const damages = {
      'the hooks directory removed': (dir: string) => rmSync(dir, { recursive: true, force: true }),
      'pre-receive no longer executable': (dir: string) => chmodSync(path.join(dir, 'pre-receive'), 0o600),
    };
    for (const transport of ['http', 'ssh'] as const) {
      for (const [damage, apply] of Object.entries(damages)) {
        test(`git push over ${transport} to a protected branch by a Developer is refused with ${damage}`, async () => {
          const project = await f.createProject(`hooks-${transport}-${damage.length}`);
          const work = await f.seed(project.path);
          const developer = (await f.projectToken(project.id, ['write_repository'], 30)).token;
          await f.cli.commit(work, { 'README.md': '# Unreviewed\n' }, 'Unreviewed');
          const refs = () => readRefs(repositoryPath(f.t.app.deps.config.dataDir, project.id));
          const before = await refs();
          apply(f.t.app.deps.pushHooks.hooksDir);
          const result =
            transport === 'http'
              ? await f.cli.git(['push', httpUrl(f.baseUrl, project.path, developer), 'HEAD:refs/heads/main'], { cwd: work })
              : await f.cli.git(['push', sshUrl(f.ssh.port, project.path), 'HEAD:refs/heads/main'], { cwd: work, env: f.cli.sshEnv(f.ssh.port, { password: developer }) });
          assert.notEqual(result.code, 0, 'the push went through');
          assert.match(result.stderr, /remote: GitLab: You are not allowed to push code to protected branches on this project\./);
          assert.deepEqual(await refs(), before);
        });
      }
    }
  });
}
