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
      // Two humans who may pull: bob, whose password is guessed, and mallory, the guesser.
      for (const username of ['bob', 'mallory']) {
        const user = await f.t.createUser(username);
        assert.equal((await f.t.api('POST', `/projects/${project.id}/members`, { body: { user_id: user.id, access_level: 20 } })).status, 201);
      }
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

    const PASSWORD = 'password-123';
    type Outcome = 'in' | 'failed' | 'banned';
    function outcome(res: { code: number | null; stderr: string }): Outcome {
      if (res.code === 0) return 'in';
      if (res.stderr.includes(BANNED)) return 'banned';
      assert.match(res.stderr, /Authentication failed|Permission denied/);
      return 'failed';
    }
    const httpLogin = async (username: string, password: string) =>
      outcome(await f.cli.git(['ls-remote', httpUrl(f.baseUrl, project.path, password, username)]));
    const sshLogin = async (username: string, password: string) => {
      const url = `ssh://${username}@127.0.0.1:${f.ssh.port}/${project.path}.git`;
      return outcome(await f.cli.git(['ls-remote', url], { env: f.cli.sshEnv(f.ssh.port, { password }) }));
    };
    const probe = async () => (await fetch(`${f.baseUrl}/${project.path}.git/info/refs?service=git-upload-pack`)).status;
    /** A fresh start: past any ban and window an earlier test left. */
    const afterBanAndWindow = () => f.t.clock.advance(3600 * 1000);

    test("interleaving wrong passwords for one user with the attacker's own valid login still bans at the threshold (git HTTP)", async () => {
      afterBanAndWindow();
      const guesses: Outcome[] = [];
      const ownLogins: Outcome[] = [];
      for (let round = 0; round < MAX_FAILURES + 1; round++) {
        for (let i = 0; i < MAX_FAILURES - 1; i++) guesses.push(await httpLogin('bob', `guess-${round}-${i}`));
        ownLogins.push(await httpLogin('mallory', PASSWORD));
      }
      assert.deepEqual(guesses.filter((o) => o === 'failed').length, MAX_FAILURES, `guesses: ${guesses.join(', ')}`);
      assert.deepEqual(guesses.slice(MAX_FAILURES), Array(guesses.length - MAX_FAILURES).fill('banned'));
      assert.deepEqual(ownLogins.slice(0, 1), ['in'], 'the first valid login, below the threshold, gets in');
      assert.deepEqual(ownLogins.slice(1), Array(ownLogins.length - 1).fill('banned'), 'once banned, a valid login is refused too');
      assert.equal(await probe(), 403);
    });

    test("failed SSH passwords count too; a valid token forgets no failure, a human's valid password forgets only those against that login", async () => {
      afterBanAndWindow();
      for (let i = 0; i < MAX_FAILURES - 1; i++) assert.equal(await sshLogin('git', wrongToken()), 'failed');
      assert.equal(await sshLogin('git', token), 'in');
      assert.equal(await probe(), 401, 'not banned yet');
      assert.equal(await sshLogin('bob', 'wrong-password'), 'failed');
      assert.equal(await probe(), 403, 'the token success reset nothing: banned at the threshold');

      afterBanAndWindow();
      for (let i = 0; i < MAX_FAILURES - 1; i++) assert.equal(await sshLogin('bob', `wrong-${i}`), 'failed');
      assert.equal(await sshLogin('BOB', PASSWORD), 'in', "bob's own login (any case) forgets bob's failures");
      for (let i = 0; i < MAX_FAILURES - 1; i++) assert.equal(await sshLogin('mallory', `wrong-${i}`), 'failed');
      assert.equal(await probe(), 401, "not banned: bob's failures were forgotten");
      assert.equal(await sshLogin('bob', 'wrong-again'), 'failed');
      assert.equal(await probe(), 403, 'banned');
      assert.equal(await httpLogin('mallory', PASSWORD), 'banned');
      f.t.clock.advance((BAN_SECONDS + 1) * 1000);
      assert.equal((await httpClone(token)).code, 0);
    });
  });
}
