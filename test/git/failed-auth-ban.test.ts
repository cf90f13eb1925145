import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { httpUrl, sshUrl } from './git-cli.ts';
import { startGitFixture, type GitFixture } from './git-fixture.ts';

const MAX_FAILURES = 3;
const BAN_SECONDS = 600;
const BANNED = 'remote: Too many failed authentication attempts from this address. Try again later.';

for (const dialect of DIALECTS) {
  describe(`failed-authentication ban on git HTTP and SSH (${dialect})`, () => {
    let f: GitFixture;
    let project: { id: number; path: string };
    let token: string;

    before(async () => {
      f = await startGitFixture(dialect, {
        LATCHKEY_AUTH_BAN_MAX_FAILURES: String(MAX_FAILURES),
        LATCHKEY_AUTH_BAN_WINDOW_SECONDS: '180',
        LATCHKEY_AUTH_BAN_SECONDS: String(BAN_SECONDS),
      });
      project = await f.createProject('guarded');
      await f.seed(project.path);
      token = (await f.projectToken(project.id, ['read_repository'], 20)).token;
    });
    after(() => f.close());

    const httpClone = (password: string) => f.cli.git(['clone', '--quiet', httpUrl(f.baseUrl, project.path, password), f.cli.dir('clone')]);
    const sshClone = (password: string) =>
      f.cli.git(['clone', '--quiet', sshUrl(f.ssh.port, project.path), f.cli.dir('clone')], { env: f.cli.sshEnv(f.ssh.port, { password }) });
    const wrongToken = () => `glpat-${'x'.repeat(20)}`;

    test("git's credential-less first request never counts as a failed login", async () => {
      for (let i = 0; i < MAX_FAILURES * 3; i++) {
        const res = await fetch(`${f.baseUrl}/${project.path}.git/info/refs?service=git-upload-pack`);
        assert.equal(res.status, 401);
      }
      // Every real clone makes that probe first, too.
      for (let i = 0; i < MAX_FAILURES + 1; i++) assert.equal((await httpClone(token)).code, 0);
    });

    test("an SSH client offering keys nobody registered is refused without counting (OpenSSH only asks; it never signs)", async () => {
      const key = `${f.cli.dir('keys')}/stranger`;
      assert.equal((await f.cli.run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key])).code, 0);
      for (let i = 0; i < MAX_FAILURES + 1; i++) {
        const res = await f.cli.git(['clone', '--quiet', sshUrl(f.ssh.port, project.path), f.cli.dir('clone')], {
          env: f.cli.sshEnv(f.ssh.port, { identityFile: key }),
        });
        assert.match(res.stderr, /Permission denied \(publickey,password\)/);
      }
      assert.equal((await httpClone(token)).code, 0, 'not banned');
    });

    test('the ban engages after the threshold over HTTP, refuses even a good token on both transports, and lifts after the ban time', async () => {
      for (let i = 0; i < MAX_FAILURES; i++) {
        const res = await httpClone(`wrong-password-${i}`);
        assert.equal(res.code, 128);
        assert.match(res.stderr, /Authentication failed/);
      }
      const http = await httpClone(token);
      assert.equal(http.code, 128);
      assert.ok(http.stderr.includes(BANNED), http.stderr);
      assert.match(http.stderr, /The requested URL returned error: 403/);
      const ssh = await sshClone(token);
      assert.equal(ssh.code, 128);
      assert.match(ssh.stderr, /Permission denied/);

      f.t.clock.advance((BAN_SECONDS - 1) * 1000);
      assert.ok((await httpClone(token)).stderr.includes(BANNED), 'still banned a second before the end');
      f.t.clock.advance(2000);
      assert.equal((await httpClone(token)).code, 0);
      assert.equal((await sshClone(token)).code, 0);
    });

    test('failed SSH passwords count too, and a success before the threshold resets the count', async () => {
      f.t.clock.advance(3600 * 1000);
      const probe = async () => (await fetch(`${f.baseUrl}/${project.path}.git/info/refs?service=git-upload-pack`)).status;
      for (let i = 0; i < MAX_FAILURES - 1; i++) assert.match((await sshClone(wrongToken())).stderr, /Permission denied/);
      assert.equal(await probe(), 401, 'not banned yet');
      assert.equal((await sshClone(token)).code, 0, 'a success resets the count');
      for (let i = 0; i < MAX_FAILURES - 1; i++) assert.match((await sshClone(wrongToken())).stderr, /Permission denied/);
      assert.equal(await probe(), 401, 'not banned: the count was reset');
      assert.match((await sshClone(wrongToken())).stderr, /Permission denied/);
      assert.equal(await probe(), 403, 'banned');
      const banned = await httpClone(token);
      assert.ok(banned.stderr.includes(BANNED), banned.stderr);
      f.t.clock.advance((BAN_SECONDS + 1) * 1000);
      assert.equal((await httpClone(token)).code, 0);
    });
  });
}
