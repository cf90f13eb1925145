import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { ROOT_PASSWORD } from '../helpers/test-app.ts';
import { httpUrl, sshUrl } from './git-cli.ts';
import { startGitFixture, type GitFixture } from './git-fixture.ts';

const NOT_FOUND = "remote: The project you were looking for could not be found or you don't have permission to view it.";

for (const dialect of DIALECTS) {
  describe(`git authentication and visibility (${dialect})`, () => {
    let f: GitFixture;
    let priv: { id: number; path: string };
    let other: { id: number; path: string };
    let pub: { id: number; path: string };
    let internal: { id: number; path: string };

    before(async () => {
      f = await startGitFixture(dialect);
      priv = await f.createProject('secret');
      other = await f.createProject('other');
      pub = await f.createProject('open', 'public');
      internal = await f.createProject('company', 'internal');
      for (const project of [priv, other, pub, internal]) await f.seed(project.path);
    });
    after(() => f.close());

    const clone = (url: string, env: Record<string, string> = {}) => f.cli.git(['clone', '--quiet', url, f.cli.dir('clone')], { env });
    const sshClone = (path: string, password: string) => clone(sshUrl(f.ssh.port, path), f.cli.sshEnv(f.ssh.port, { password }));

    test('the credential-less first request gets 401 with WWW-Authenticate: Basic realm="Latchkey", the same for a private and a missing project', async () => {
      const ask = (path: string) => fetch(`${f.baseUrl}/${path}.git/info/refs?service=git-upload-pack`);
      const [hidden, missing] = await Promise.all([ask(priv.path), ask('root/no-such-project')]);
      for (const res of [hidden, missing]) {
        assert.equal(res.status, 401);
        assert.equal(res.headers.get('www-authenticate'), 'Basic realm="Latchkey"');
      }
      assert.equal(await hidden.text(), await missing.text());
    });

    test('anonymous clone of a public project works; anonymous push to it is asked for credentials', async () => {
      const dir = f.cli.dir('anon');
      const cloned = await f.cli.git(['clone', '--quiet', httpUrl(f.baseUrl, pub.path), dir]);
      assert.equal(cloned.code, 0, cloned.stderr);
      await f.cli.commit(dir, { 'anon.txt': 'x\n' }, 'anonymous change');
      const pushed = await f.cli.git(['push', 'origin', 'main'], { cwd: dir });
      assert.equal(pushed.code, 128);
      assert.match(pushed.stderr, /could not read Username/);
    });

    test('anonymous clone of a private or internal project is asked for credentials, like a missing one', async () => {
      for (const path of [priv.path, internal.path, 'root/no-such-project']) {
        const res = await clone(httpUrl(f.baseUrl, path));
        assert.equal(res.code, 128);
        assert.match(res.stderr, /could not read Username for 'http:\/\/127\.0\.0\.1:\d+': terminal prompts disabled/);
      }
    });

    test('a token of project A is refused on private project B over HTTP and SSH, exactly as for a missing project', async () => {
      const a = await f.projectToken(priv.id, ['api'], 40);
      const hidden = await clone(httpUrl(f.baseUrl, other.path, a.token));
      const missing = await clone(httpUrl(f.baseUrl, 'root/no-such-project', a.token));
      for (const res of [hidden, missing]) {
        assert.equal(res.code, 128);
        assert.ok(res.stderr.includes(NOT_FOUND), res.stderr);
        assert.match(res.stderr, /fatal: repository '.*' not found/);
      }
      const sshHidden = await sshClone(other.path, a.token);
      const sshMissing = await sshClone('root/no-such-project', a.token);
      for (const res of [sshHidden, sshMissing]) {
        assert.equal(res.code, 128);
        assert.ok(res.stderr.includes(NOT_FOUND), res.stderr);
      }
      assert.equal(sshHidden.stderr.replace(/\/tmp\S+/g, ''), sshMissing.stderr.replace(/\/tmp\S+/g, ''));
      // Its own project works.
      assert.equal((await clone(httpUrl(f.baseUrl, priv.path, a.token))).code, 0);
    });

    test("a project's bot may clone a public project but not an internal one (internal is for signed-in humans)", async () => {
      const bot = await f.projectToken(priv.id, ['read_repository'], 20);
      assert.equal((await clone(httpUrl(f.baseUrl, pub.path, bot.token))).code, 0);
      const refused = await clone(httpUrl(f.baseUrl, internal.path, bot.token));
      assert.equal(refused.code, 128);
      assert.ok(refused.stderr.includes(NOT_FOUND), refused.stderr);
      const human = await f.t.createUser('employee', { scopes: ['write_repository'] });
      const dir = f.cli.dir('employee');
      const cloned = await f.cli.git(['clone', '--quiet', httpUrl(f.baseUrl, internal.path, human.token, 'employee'), dir]);
      assert.equal(cloned.code, 0, cloned.stderr);
      // Reading an internal project is not membership: no push.
      await f.cli.commit(dir, { 'note.txt': 'hi\n' }, 'outsider change');
      const push = await f.cli.git(['push', '--quiet', 'origin', 'main'], { cwd: dir });
      assert.equal(push.code, 128);
      assert.match(push.stderr, /remote: You are not allowed to upload code\./);
    });

    test("a human's own password and personal access token work over HTTP; a wrong password is refused", async () => {
      assert.equal((await clone(httpUrl(f.baseUrl, priv.path, ROOT_PASSWORD, 'root'))).code, 0);
      assert.equal((await clone(httpUrl(f.baseUrl, priv.path, f.t.rootToken, 'anything'))).code, 0);
      const wrong = await clone(httpUrl(f.baseUrl, priv.path, 'not-the-password', 'root'));
      assert.equal(wrong.code, 128);
      assert.match(wrong.stderr, /remote: HTTP Basic: Access denied/);
      assert.match(wrong.stderr, /Authentication failed/);
    });

    test('a revoked token is refused over HTTP and SSH', async () => {
      const bot = await f.projectToken(priv.id, ['write_repository'], 30);
      assert.equal((await clone(httpUrl(f.baseUrl, priv.path, bot.token))).code, 0);
      assert.equal((await sshClone(priv.path, bot.token)).code, 0);
      assert.equal((await f.t.api('DELETE', `/projects/${priv.id}/access_tokens/${bot.id}`)).status, 204);
      const http = await clone(httpUrl(f.baseUrl, priv.path, bot.token));
      assert.equal(http.code, 128);
      assert.match(http.stderr, /remote: Token was revoked\. You have to re-authorize from the user\./);
      assert.match(http.stderr, /Authentication failed/);
      const ssh = await sshClone(priv.path, bot.token);
      assert.equal(ssh.code, 128);
      assert.match(ssh.stderr, /Permission denied/);
    });

    test('a token is refused over HTTP and SSH from 00:00 UTC on its expiry date', async () => {
      f.t.clock.set('2026-11-29T12:00:00.000Z');
      const bot = await f.projectToken(priv.id, ['read_repository'], 20, { expiresAt: '2026-12-01' });
      try {
        f.t.clock.set('2026-11-30T23:59:59.000Z');
        assert.equal((await clone(httpUrl(f.baseUrl, priv.path, bot.token))).code, 0);
        assert.equal((await sshClone(priv.path, bot.token)).code, 0);
        f.t.clock.set('2026-12-01T00:00:00.000Z');
        const http = await clone(httpUrl(f.baseUrl, priv.path, bot.token));
        assert.equal(http.code, 128);
        assert.match(http.stderr, /remote: Token is expired/);
        const ssh = await sshClone(priv.path, bot.token);
        assert.equal(ssh.code, 128);
        assert.match(ssh.stderr, /Permission denied/);
      } finally {
        f.t.clock.set('2026-11-29T12:00:00.000Z');
      }
    });

    test('the project entity names its clone URLs, and no log line holds a token', async () => {
      const res = await f.t.api('GET', `/projects/${priv.id}`);
      assert.equal(res.body.http_url_to_repo, `${f.t.config.externalUrl}/${priv.path}.git`);
      const host = new URL(f.t.config.externalUrl).hostname;
      assert.equal(res.body.ssh_url_to_repo, `ssh://git@${host}:${f.t.config.sshPort}/${priv.path}.git`);
      assert.ok(f.t.logs.every((line) => !line.includes(f.t.rootToken) && !line.includes(ROOT_PASSWORD)));
    });
  });
}
