import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { HOST_KEY_FILE } from '../../src/ssh/host-key.ts';
import { startSshServer } from '../../src/ssh/server.ts';
import { DIALECTS } from '../helpers/databases.ts';
import type { GitCli } from '../git/git-cli.ts';
import { sshUrl } from '../git/git-cli.ts';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';
import { relayDelayed } from '../helpers/source-relay.ts';

const NOT_FOUND = "remote: The project you were looking for could not be found or you don't have permission to view it.";
const DISALLOWED = 'remote: Disallowed command:';

async function newKey(cli: GitCli, name: string, type: string[] = ['-t', 'ed25519']): Promise<{ file: string; publicKey: string }> {
  const file = path.join(cli.dir('keys'), name);
  const made = await cli.run('ssh-keygen', ['-q', ...type, '-N', '', '-C', `${name}@example.com`, '-f', file]);
  assert.equal(made.code, 0, made.stderr);
  return { file, publicKey: readFileSync(`${file}.pub`, 'utf8').trim() };
}

for (const dialect of DIALECTS) {
  describe(`git over SSH: keys, commands and refusals (${dialect})`, () => {
    let f: GitFixture;
    let project: { id: number; path: string };
    let token: string;

    before(async () => {
      f = await startGitFixture(dialect);
      project = await f.createProject('remote');
      await f.seed(project.path);
      token = (await f.projectToken(project.id, ['write_repository'], 30)).token;
    });
    after(() => f.close());

    const clone = (env: Record<string, string>, path = project.path) =>
      f.cli.git(['clone', '--quiet', sshUrl(f.ssh.port, path), f.cli.dir('clone')], { env });

    test("a human clones and pushes with a registered public key; an unknown or deleted key is refused", async () => {
      const key = await newKey(f.cli, 'root-key');
      const added = await f.t.api('POST', '/user/keys', { body: { title: 'laptop', key: key.publicKey } });
      assert.equal(added.status, 201);
      const env = f.cli.sshEnv(f.ssh.port, { identityFile: key.file });
      const dir = f.cli.dir('key-clone');
      const cloned = await f.cli.git(['clone', '--quiet', sshUrl(f.ssh.port, project.path), dir], { env });
      assert.equal(cloned.code, 0, cloned.stderr);
      await f.cli.commit(dir, { 'by-key.txt': 'signed in with a key\n' }, 'Pushed with a key');
      const pushed = await f.cli.git(['push', '--quiet', 'origin', 'HEAD:refs/heads/by-key'], { cwd: dir, env });
      assert.equal(pushed.code, 0, pushed.stderr);
      const events = await f.t.api('GET', `/projects/${project.id}/events`);
      assert.equal(events.body[0].author_username, 'root');
      assert.equal(events.body[0].push_data.ref, 'by-key');

      const stranger = await newKey(f.cli, 'stranger');
      const refused = await clone(f.cli.sshEnv(f.ssh.port, { identityFile: stranger.file }));
      assert.equal(refused.code, 128);
      assert.match(refused.stderr, /Permission denied \(publickey,password\)/);

      assert.equal((await f.t.api('DELETE', `/user/keys/${added.body.id}`)).status, 204);
      const deleted = await clone(env);
      assert.equal(deleted.code, 128);
      assert.match(deleted.stderr, /Permission denied/);
    });

    test('RSA (rsa-sha2-512 signatures) and ECDSA keys sign in too', async () => {
      for (const [name, type] of [['rsa', ['-t', 'rsa', '-b', '3072']], ['ecdsa', ['-t', 'ecdsa', '-b', '384']]] as const) {
        const key = await newKey(f.cli, name, [...type]);
        assert.equal((await f.t.api('POST', '/user/keys', { body: { title: name, key: key.publicKey } })).status, 201);
        const listed = await f.cli.git(['ls-remote', '--heads', sshUrl(f.ssh.port, project.path)], {
          env: f.cli.sshEnv(f.ssh.port, { identityFile: key.file }),
        });
        assert.equal(listed.code, 0, `${name}: ${listed.stderr}`);
        assert.match(listed.stdout, /refs\/heads\/main/);
      }
    });

    test('a key past its expires_at, or registered for signing only, does not sign in', async () => {
      const expiring = await newKey(f.cli, 'expiring');
      const added = await f.t.api('POST', '/user/keys', { body: { title: 'short', key: expiring.publicKey, expires_at: '2026-12-01T00:00:00Z' } });
      assert.equal(added.status, 201);
      const env = f.cli.sshEnv(f.ssh.port, { identityFile: expiring.file });
      const listRefs = () => f.cli.git(['ls-remote', sshUrl(f.ssh.port, project.path)], { env });
      assert.equal((await listRefs()).code, 0);
      try {
        f.t.clock.set('2026-12-01T00:00:00.000Z');
        const expired = await listRefs();
        assert.equal(expired.code, 128);
        assert.match(expired.stderr, /Permission denied/);
      } finally {
        f.t.clock.set('2026-11-29T12:00:00.000Z');
      }
      const signing = await newKey(f.cli, 'signing');
      assert.equal((await f.t.api('POST', '/user/keys', { body: { title: 'sig', key: signing.publicKey, usage_type: 'signing' } })).status, 201);
      const refused = await f.cli.git(['ls-remote', sshUrl(f.ssh.port, project.path)], { env: f.cli.sshEnv(f.ssh.port, { identityFile: signing.file }) });
      assert.match(refused.stderr, /Permission denied/);
    });

    test("a human's key gives what the human's role gives: an outsider's key sees no private project", async () => {
      const outsider = await f.t.createUser('wanderer');
      const key = await newKey(f.cli, 'wanderer');
      assert.equal((await f.t.api('POST', '/user/keys', { token: outsider.token, body: { title: 'k', key: key.publicKey } })).status, 201);
      const res = await clone(f.cli.sshEnv(f.ssh.port, { identityFile: key.file }));
      assert.equal(res.code, 128);
      assert.ok(res.stderr.includes(NOT_FOUND), res.stderr);
    });

    test('an interactive shell gets a one-line refusal and exit code 1', async () => {
      const res = await f.cli.ssh(f.ssh.port, { password: token }, []);
      assert.equal(res.code, 1);
      assert.equal(res.stderr.trim().split('\n').length, 1, res.stderr);
      assert.match(res.stderr, /Shell access is not available/);
      const tty = await f.cli.ssh(f.ssh.port, { password: token }, ['-tt']);
      assert.equal(tty.code, 1);
    });

    test('commands other than the three git services get a one-line refusal and exit code 1', async () => {
      for (const command of ['ls', 'git-upload-pack', 'git-shell -c ls', 'git upload-pack', 'scp -t /tmp', 'env']) {
        const res = await f.cli.ssh(f.ssh.port, { password: token }, [command]);
        assert.equal(res.code, 1, command);
        assert.equal(res.stderr.trim().split('\n').length, 1, `${command}: ${res.stderr}`);
        assert.ok(res.stderr.startsWith(DISALLOWED), `${command}: ${res.stderr}`);
      }
    });

    test('option injection, extra arguments, "..", and shell metacharacters are refused before git runs', async () => {
      const marker = path.join(f.cli.home, 'pwned');
      const attempts = [
        `git-upload-pack '--upload-pack=touch ${marker}'`,
        `git-upload-pack --upload-pack=touch\\ ${marker}`,
        `git-receive-pack '${project.path}.git' '--exec=touch ${marker}'`,
        `git-upload-pack '${project.path}.git'; touch ${marker}`,
        `git-upload-pack '${project.path}.git' && touch ${marker}`,
        `git-upload-pack '$(touch ${marker})'`,
        `git-upload-pack \`touch ${marker}\``,
        `git-upload-pack '../../${project.path}.git'`,
        `git-upload-pack '/root/../root/remote.git'`,
        `git-upload-pack '${project.path}.git/..'`,
        `git-upload-archive '${project.path}.git' | touch ${marker}`,
      ];
      for (const command of attempts) {
        const res = await f.cli.ssh(f.ssh.port, { password: token }, [command]);
        assert.equal(res.code, 1, command);
        assert.ok(res.stderr.startsWith(DISALLOWED), `${command}: ${res.stderr}`);
      }
      assert.equal(existsSync(marker), false, 'an injected command ran');
    });

    test('a distant client (40 ms round trip) clones several MB over SSH intact while the send window widens and narrows', async () => {
      const distant = await f.createProject('distant');
      const source = f.cli.dir('distant-source');
      await f.cli.git(['init', '--quiet', '--initial-branch', 'main', source]);
      const blob = randomBytes(8 * 1024 * 1024); // incompressible: 8 MB on the wire
      await f.cli.commit(source, { 'blob.bin': blob }, 'Eight megabytes');
      const own = (await f.projectToken(distant.id, ['write_repository'], 40)).token; // a Maintainer creates main
      const pushed = await f.cli.git(['push', '--quiet', sshUrl(f.ssh.port, distant.path), 'main'], { cwd: source, env: f.cli.sshEnv(f.ssh.port, { password: own }) });
      assert.equal(pushed.code, 0, pushed.stderr);
      const relay = await relayDelayed(f.ssh.port, 20);
      try {
        const dir = f.cli.dir('distant-clone');
        const cloned = await f.cli.git(['clone', '--quiet', sshUrl(relay.port, distant.path), dir], { env: f.cli.sshEnv(relay.port, { password: own }) });
        assert.equal(cloned.code, 0, cloned.stderr);
        assert.ok(readFileSync(path.join(dir, 'blob.bin')).equals(blob));
        assert.equal((await f.cli.git(['fsck', '--full', '--no-progress'], { cwd: dir })).code, 0);
      } finally {
        await relay.close();
      }
    });

    test('an unknown project is refused with the not-found message', async () => {
      const res = await f.cli.ssh(f.ssh.port, { password: token }, ["git-upload-pack 'root/nowhere.git'"]);
      assert.equal(res.code, 1);
      assert.equal(res.stderr.trim(), NOT_FOUND);
    });

    test('the host key is generated once into the data dir with mode 0600 and reused on the next start', async () => {
      const file = path.join(f.t.config.dataDir, HOST_KEY_FILE);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const first = readFileSync(file, 'utf8');
      const again = await startSshServer(f.t.app.deps, { host: '127.0.0.1', port: 0 });
      try {
        assert.equal(readFileSync(file, 'utf8'), first);
        const scan = async (port: number) => (await f.cli.run('ssh-keyscan', ['-p', String(port), '-t', 'ed25519', '127.0.0.1'])).stdout.split(' ').pop();
        const [a, b] = await Promise.all([scan(f.ssh.port), scan(again.port)]);
        assert.ok(a && a.length > 20);
        assert.equal(a, b);
      } finally {
        await again.close();
      }
    });
  });
}
