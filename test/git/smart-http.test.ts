import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DIALECTS } from '../helpers/databases.ts';
import { httpUrl, sshUrl } from './git-cli.ts';
import { startGitFixture, type GitFixture } from './git-fixture.ts';

function pktLine(text: string): string {
  return `${(text.length + 4).toString(16).padStart(4, '0')}${text}`;
}

for (const dialect of DIALECTS) {
  describe(`git smart HTTP and SSH protocol details (${dialect})`, () => {
    let f: GitFixture;
    let project: { id: number; path: string };
    let source: string;
    let token: string;

    before(async () => {
      f = await startGitFixture(dialect);
      project = await f.createProject('wire');
      source = await f.seed(project.path);
      token = (await f.projectToken(project.id, ['write_repository'], 30)).token;
    });
    after(() => f.close());

    test('git speaks protocol v2 over HTTP (Git-Protocol header) and over SSH (GIT_PROTOCOL env)', async () => {
      const http = await f.cli.git(['-c', 'protocol.version=2', 'ls-remote', httpUrl(f.baseUrl, project.path, token)], {
        env: { GIT_TRACE_PACKET: '1' },
      });
      assert.equal(http.code, 0, http.stderr);
      assert.match(http.stderr, /packet: +[a-z-]+< version 2/);
      assert.match(http.stdout, /refs\/heads\/main/);
      const ssh = await f.cli.git(['-c', 'protocol.version=2', 'ls-remote', sshUrl(f.ssh.port, project.path)], {
        env: { GIT_TRACE_PACKET: '1', ...f.cli.sshEnv(f.ssh.port, { password: token }) },
      });
      assert.equal(ssh.code, 0, ssh.stderr);
      assert.match(ssh.stderr, /packet: +[a-z-]+< version 2/);
      assert.match(ssh.stdout, /refs\/heads\/main/);
    });

    test('POST git-upload-pack with a gzip-encoded body is answered', async () => {
      const body = gzipSync(Buffer.from(`${pktLine('command=ls-refs\n')}0001${pktLine('symrefs\n')}0000`));
      const res = await fetch(`${f.baseUrl}/${project.path}.git/git-upload-pack`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`any:${token}`).toString('base64')}`,
          'content-type': 'application/x-git-upload-pack-request',
          'content-encoding': 'gzip',
          'git-protocol': 'version=2',
        },
        body,
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/x-git-upload-pack-result');
      assert.match(await res.text(), /[0-9a-f]{40} refs\/heads\/main/);
    });

    test('a push larger than http.postBuffer goes chunked and lands', async () => {
      await f.cli.commit(source, { 'blob.bin': randomBytes(64 * 1024) }, 'Chunked push');
      const pushed = await f.cli.git(['-c', 'http.postBuffer=1024', 'push', httpUrl(f.baseUrl, project.path, token), 'HEAD:refs/heads/chunked'], {
        cwd: source,
        env: { GIT_TRACE_CURL: '1', GIT_TRACE_CURL_NO_DATA: '1' },
      });
      assert.equal(pushed.code, 0, pushed.stderr.slice(-2000));
      assert.match(pushed.stderr, /Send header: Transfer-Encoding: chunked/);
      const listed = await f.cli.git(['ls-remote', httpUrl(f.baseUrl, project.path, token), 'refs/heads/chunked']);
      const local = await f.cli.git(['rev-parse', 'HEAD'], { cwd: source });
      assert.equal(listed.stdout.split('\t')[0], local.stdout.trim());
    });

    test('the dumb HTTP protocol is refused', async () => {
      const res = await fetch(`${f.baseUrl}/${project.path}.git/info/refs`, {
        headers: { authorization: `Basic ${Buffer.from(`any:${token}`).toString('base64')}` },
      });
      assert.equal(res.status, 403);
    });

    test('git archive --remote over SSH runs git-upload-archive', async () => {
      const archived = await f.cli.git(['archive', `--remote=${sshUrl(f.ssh.port, project.path)}`, '--format=tar', 'main', 'README.md'], {
        env: f.cli.sshEnv(f.ssh.port, { password: token }),
      });
      assert.equal(archived.code, 0, archived.stderr);
      assert.match(archived.stdout, /README\.md/);
      assert.match(archived.stdout, /# Seed/);
    });

    test('an scp-style SSH path (no leading slash) clones too', async () => {
      const cloned = await f.cli.git(['clone', '--quiet', `git@127.0.0.1:${project.path}.git`, f.cli.dir('scp')], {
        env: f.cli.sshEnv(f.ssh.port, { password: token }),
      });
      assert.equal(cloned.code, 0, cloned.stderr);
    });
  });
}
