import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { runGit } from '../../src/git/run-git.ts';
import { repositoryPath } from '../../src/git/repository-path.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { httpUrl, sshUrl } from '../git/git-cli.ts';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';

const TMPFS_MB = 16;

function freeBytes(dir: string): number {
  const stats = statfsSync(dir);
  return stats.bavail * stats.bsize;
}

/** A small tmpfs over the data dir's repositories: the disk a push fills. Needs root. */
function mountSmallDisk(dir: string): void {
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_MB}m,mode=0755`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(
      `the disk-full test needs to mount a ${TMPFS_MB} MB tmpfs (run the suite as root, with mount(8) allowed): ${(error as { stderr?: Buffer }).stderr?.toString().trim() ?? (error as Error).message}`,
    );
  }
}

for (const dialect of DIALECTS) {
  describe(`disk full during a push (${dialect})`, () => {
    test('a push bigger than the free space fails cleanly over HTTP and SSH; the repository stays valid and serves its content; after space is freed a push works', async () => {
      const f: GitFixture = await startGitFixture(dialect);
      const disk = path.join(f.t.config.dataDir, 'repositories');
      let mounted = false;
      try {
        mountSmallDisk(disk);
        mounted = true;
        const project = await f.createProject('cramped');
        const pusher = await f.projectToken(project.id, ['write_repository'], 40); // main is protected: a Maintainer
        const work = await f.seed(project.path);
        const repository = repositoryPath(f.t.config.dataDir, project.id);
        const head = async () => (await runGit(['rev-parse', 'refs/heads/main'], { cwd: repository })).toString().trim();
        const seeded = await head();

        // Leave about 1 MB free, then try to push 4 MB nobody can compress.
        const filler = path.join(disk, 'filler');
        writeFileSync(filler, Buffer.alloc(Math.max(0, freeBytes(disk) - 1024 * 1024)));
        const freeBefore = freeBytes(disk);
        assert.ok(freeBefore < 2 * 1024 * 1024, `${freeBefore} bytes free`);
        const http = httpUrl(f.baseUrl, project.path, pusher.token);
        const ssh = { url: sshUrl(f.ssh.port, project.path), env: f.cli.sshEnv(f.ssh.port, { password: pusher.token }) };
        // Two shapes: few objects (git unpacks them loose) and many (git keeps the pack, via index-pack).
        const shapes: Record<string, Record<string, Buffer>> = {
          'one 4 MB file': { 'big.bin': randomBytes(4 * 1024 * 1024) },
          '200 files of 20 KB': Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`many/${i}.bin`, randomBytes(20 * 1024)])),
        };
        for (const [shape, files] of Object.entries(shapes)) {
          await runGit(['reset', '--quiet', '--hard', seeded], { cwd: work });
          await f.cli.commit(work, files, shape);
          for (const [transport, url, env] of [['HTTP', http, {}], ['SSH', ssh.url, ssh.env]] as const) {
            const label = `${shape} over ${transport}`;
            const push = await f.cli.git(['push', url, 'HEAD:refs/heads/main'], { cwd: work, env });
            assert.notEqual(push.code, 0, `${label}: the push succeeded on a full disk`);
            assert.match(push.stderr, /No space left on device/, `${label}: ${push.stderr}`);
            assert.match(push.stderr, /\[remote rejected\] HEAD -> main/, `${label}: ${push.stderr}`);
            assert.doesNotMatch(push.stderr, /HTTP 5\d\d|Internal Server Error/, `${label}: ${push.stderr}`);

            // The repository is whole, still at the seeded commit, and serves it.
            assert.equal(await head(), seeded, `${label}: main moved`);
            await runGit(['fsck', '--no-progress', '--no-dangling'], { cwd: repository });
            const clone = f.cli.dir('after-failure');
            const cloned = await f.cli.git(['clone', '--quiet', http, clone]);
            assert.equal(cloned.code, 0, cloned.stderr);
            assert.equal(readFileSync(path.join(clone, 'README.md'), 'utf8'), '# Seed\n');
            // The failed push left nothing behind to fill the disk for good.
            assert.ok(freeBytes(disk) > freeBefore - 256 * 1024, `${label}: ${freeBefore - freeBytes(disk)} bytes of the failed push remain`);
          }
        }

        // No connection of a failed push is left hanging (a paused request body would keep it open for good).
        let open = -1;
        for (let i = 0; i < 100 && open !== 0; i++) {
          open = await new Promise<number>((resolve, reject) => f.t.app.http.server.getConnections((error, n) => (error ? reject(error) : resolve(n))));
          if (open !== 0) await new Promise((r) => setTimeout(r, 100));
        }
        assert.equal(open, 0, 'HTTP connections of the failed pushes are still open');

        // The server is up and answers without a 5xx.
        for (const url of [`/api/v4/projects/${project.id}`, `/api/v4/projects/${project.id}/repository/branches`, '/-/readiness']) {
          const res = await fetch(`${f.baseUrl}${url}`, { headers: { 'private-token': f.t.rootToken } });
          assert.equal(res.status, 200, url);
        }
        assert.ok(f.t.logs.every((line) => !line.includes('"level":50') && !line.includes('"level":60')), 'an error was logged');

        // Space freed: a small push goes through on both transports.
        rmSync(filler);
        await runGit(['reset', '--quiet', '--hard', seeded], { cwd: work });
        await f.cli.commit(work, { 'small.txt': 'fits now\n' }, 'small');
        const small = await f.cli.git(['push', '--quiet', http, 'HEAD:refs/heads/main'], { cwd: work });
        assert.equal(small.code, 0, small.stderr);
        await f.cli.commit(work, { 'small-ssh.txt': 'fits too\n' }, 'small over ssh');
        const smallSsh = await f.cli.git(['push', '--quiet', ssh.url, 'HEAD:refs/heads/main'], { cwd: work, env: ssh.env });
        assert.equal(smallSsh.code, 0, smallSsh.stderr);
        assert.equal(await head(), (await runGit(['rev-parse', 'HEAD'], { cwd: work })).toString().trim());
        await runGit(['fsck', '--no-progress'], { cwd: repository });
      } finally {
        if (mounted) execFileSync('umount', ['--lazy', disk]);
        await f.close();
      }
    });
  });
}
