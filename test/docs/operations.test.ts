import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { GitCli, sshUrl } from '../git/git-cli.ts';
import { variablesReadByLoadConfig } from '../helpers/config-variables.ts';
import { freePort } from '../helpers/ports.ts';
import { startLatchkey, type LatchkeyProcess } from '../helpers/latchkey-process.ts';

// docs/OPERATIONS.md's examples are the ones users copy: the systemd unit passes
// `systemd-analyze verify`, the haproxy configuration passes `haproxy -c` and, in front of a real
// Latchkey, carries the API, git over HTTPS (clone and push) and git over SSH; every LATCHKEY_*
// variable the document names is one the configuration reads.

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const DOC = readFileSync(path.join(ROOT, 'docs', 'OPERATIONS.md'), 'utf8');

/** The one fenced code block of a language (```haproxy, ```ini …) that contains `marker`. */
function codeBlock(language: string, marker = ''): string {
  const blocks = [...DOC.matchAll(new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\``, 'gm'))].map((m) => m[1]!).filter((block) => block.includes(marker));
  assert.equal(blocks.length, 1, `docs/OPERATIONS.md has one \`\`\`${language} block${marker ? ` with "${marker}"` : ''}`);
  return blocks[0]!;
}

/** Replaces `from` (which must occur exactly once) with `to`: a drifting document fails here. */
function replaceOnce(text: string, from: string, to: string): string {
  assert.equal(text.split(from).length, 2, `the example contains "${from}" exactly once`);
  return text.replace(from, to);
}

describe('docs/OPERATIONS.md', () => {
  test('every LATCHKEY_* variable it names is one the configuration reads', () => {
    const known = new Set(variablesReadByLoadConfig(ROOT));
    const named = new Set([...DOC.matchAll(/LATCHKEY_[A-Z0-9_]+/g)].map((m) => m[0]));
    assert.deepEqual([...named].filter((name) => !known.has(name)), []);
  });

  test('the environment file example is accepted by the configuration', () => {
    const block = [...DOC.matchAll(/^```sh\n(LATCHKEY_[\s\S]*?)^```/gm)].map((m) => m[1]!);
    assert.equal(block.length, 1);
    const env = Object.fromEntries(block[0]!.trim().split('\n').map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]));
    const config = loadConfig(env, ROOT);
    assert.equal(config.dataDir, '/var/lib/latchkey');
    assert.deepEqual([config.httpHost, config.httpPort, config.sshPort], ['127.0.0.1', 8080, 2222]);
  });

  test('the systemd unit passes systemd-analyze verify without a warning', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-unit-'));
    try {
      // Only the node binary's path is this machine's; every other line is verified as written.
      const unit = replaceOnce(codeBlock('ini', 'Description=Latchkey Git service'), 'ExecStart=/usr/bin/node ', `ExecStart=${process.execPath} `);
      for (const option of ['User=latchkey', 'WorkingDirectory=', 'EnvironmentFile=', 'NoNewPrivileges=yes', 'ProtectSystem=strict', 'ReadWritePaths=/var/lib/latchkey', 'PrivateTmp=yes']) {
        assert.ok(unit.includes(`\n${option}`), option);
      }
      const file = path.join(dir, 'latchkey.service');
      writeFileSync(file, unit);
      const res = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
      assert.equal(res.error, undefined, 'systemd-analyze is installed (Debian package systemd)');
      assert.equal(res.status, 0, res.stderr);
      assert.equal(res.stderr.trim(), '', 'no unknown key or value');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the backup service and timer pass systemd-analyze verify without a warning', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-unit-'));
    try {
      // One block holds both units, each under a `# /etc/systemd/system/<name>` line.
      const parts = codeBlock('ini', 'latchkey-backup.timer').split(/^# \/etc\/systemd\/system\/(\S+)\n/m);
      const files: string[] = [];
      for (let i = 1; i < parts.length; i += 2) {
        const file = path.join(dir, parts[i]!);
        writeFileSync(file, parts[i + 1]!.replace('ExecStart=/usr/bin/node ', `ExecStart=${process.execPath} `));
        files.push(file);
      }
      assert.deepEqual(files.map((file) => path.basename(file)), ['latchkey-backup.service', 'latchkey-backup.timer']);
      const res = spawnSync('systemd-analyze', ['verify', ...files], { encoding: 'utf8' });
      assert.equal(res.status, 0, res.stderr);
      assert.equal(res.stderr.trim(), '', 'no unknown key or value');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('the haproxy example in front of a real Latchkey', () => {
    let dir: string;
    let server: LatchkeyProcess;
    let haproxy: ReturnType<typeof spawn>;
    let ca: string;
    let httpsPort: number;
    let httpPort: number;
    let sshPort: number;
    let token: string;
    const git = new GitCli();

    /** An HTTPS request through the proxy, trusting the test's certificate. */
    function request(
      method: string,
      route: string,
      body?: unknown,
      options: { token?: string; from?: string } = {},
    ): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
      return new Promise((resolve, reject) => {
        const headers = { 'private-token': options.token ?? token, ...(body !== undefined && { 'content-type': 'application/json' }) };
        const req = https.request(
          { host: '127.0.0.1', port: httpsPort, path: route, method, ca, headers, ...(options.from && { localAddress: options.from }) },
          (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () => resolve({ status: res.statusCode!, body: text, headers: res.headers }));
          },
        );
        req.on('error', reject);
        req.end(body === undefined ? undefined : JSON.stringify(body));
      });
    }

    before(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'latchkey-haproxy-doc-'));
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1',
        '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
      ca = readFileSync(path.join(dir, 'cert.pem'), 'utf8');
      writeFileSync(path.join(dir, 'haproxy.pem'), ca + readFileSync(path.join(dir, 'key.pem'), 'utf8'));
      [httpsPort, httpPort, sshPort] = [await freePort(), await freePort(), await freePort()];
      server = await startLatchkey({ LATCHKEY_TRUSTED_PROXIES: '127.0.0.1', LATCHKEY_EXTERNAL_URL: `https://127.0.0.1:${httpsPort}` });
      // The document's addresses and files become this machine's; nothing else changes.
      let config = codeBlock('haproxy');
      config = replaceOnce(config, 'bind :443 ssl crt /etc/haproxy/certs/git.example.com.pem', `bind 127.0.0.1:${httpsPort} ssl crt ${path.join(dir, 'haproxy.pem')}`);
      config = replaceOnce(config, 'bind :80\n', `bind 127.0.0.1:${httpPort}\n`);
      config = replaceOnce(config, 'server latchkey1 127.0.0.1:8080', `server latchkey1 ${new URL(server.url).host}`);
      config = replaceOnce(config, 'bind 203.0.113.10:2222', `bind 127.0.0.1:${sshPort}`);
      config = replaceOnce(config, 'server latchkey1 127.0.0.1:2222', `server latchkey1 127.0.0.1:${server.sshPort}`);
      const file = path.join(dir, 'haproxy.cfg');
      writeFileSync(file, config);
      const check = spawnSync('haproxy', ['-c', '-f', file], { encoding: 'utf8' });
      assert.equal(check.status, 0, `haproxy -c: ${check.stdout}${check.stderr}`);
      haproxy = spawn('haproxy', ['-db', '-f', file], { stdio: 'ignore' });
      token = await server.cli(['token', 'create', '--user', 'root', '--name', 'through-the-proxy', '--scopes', 'api']);
      for (let i = 0; ; i++) {
        const ready = await request('GET', '/-/readiness').then((res) => res.status === 200, () => false);
        if (ready) break;
        assert.ok(i < 200, 'haproxy forwards /-/readiness');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
    after(async () => {
      if (haproxy && haproxy.exitCode === null) {
        const exited = new Promise((resolve) => haproxy.once('exit', resolve));
        haproxy.kill('SIGTERM');
        await exited;
      }
      await server?.stop();
      git.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('it passes haproxy -c and serves the API over TLS', async () => {
      const created = await request('POST', '/api/v4/projects', { name: 'proxied', visibility: 'private' });
      assert.equal(created.status, 201, created.body);
      assert.equal(JSON.parse(created.body).http_url_to_repo, `https://127.0.0.1:${httpsPort}/root/proxied.git`);
      const me = await request('GET', '/api/v4/user');
      assert.equal(JSON.parse(me.body).username, 'root');
    });

    test("with LATCHKEY_TRUSTED_PROXIES naming it, Latchkey sees the client's address that haproxy forwards", async () => {
      const created = await request('POST', '/api/v4/users/1/personal_access_tokens', { name: 'from-127.0.0.3', scopes: ['read_user'], allowed_ips: ['127.0.0.3'] });
      assert.equal(created.status, 201, created.body);
      const limited = JSON.parse(created.body).token as string;
      const allowed = await request('GET', '/api/v4/user', undefined, { token: limited, from: '127.0.0.3' });
      assert.equal(allowed.status, 200, allowed.body);
      const refused = await request('GET', '/api/v4/user', undefined, { token: limited, from: '127.0.0.4' });
      assert.equal(refused.status, 401, refused.body);
    });

    test('plain HTTP is redirected to HTTPS', async () => {
      const res = await fetch(`http://127.0.0.1:${httpPort}/api/v4/version`, { redirect: 'manual' });
      assert.equal(res.status, 302);
      assert.equal(res.headers.get('location'), `https://127.0.0.1:${httpPort}/api/v4/version`);
    });

    test('git pushes and clones over HTTPS through it, and over SSH through its TCP frontend', async () => {
      const env = { GIT_SSL_CAINFO: path.join(dir, 'cert.pem') };
      const url = new URL(`https://127.0.0.1:${httpsPort}/root/proxied.git`);
      url.username = 'oauth2';
      url.password = token;
      const work = git.dir();
      assert.equal((await git.git(['init', '--quiet', work])).code, 0);
      await git.commit(work, { 'big.bin': Buffer.alloc(3 * 1024 * 1024, 7), 'README.md': 'through haproxy\n' }, 'Pushed through the proxy');
      const push = await git.git(['push', '--quiet', url.toString(), 'HEAD:refs/heads/topic'], { cwd: work, env });
      assert.equal(push.code, 0, push.stderr);
      const clone = git.dir();
      const cloned = await git.git(['clone', '--quiet', '--branch', 'topic', url.toString(), clone], { env });
      assert.equal(cloned.code, 0, cloned.stderr);
      assert.equal(readFileSync(path.join(clone, 'README.md'), 'utf8'), 'through haproxy\n');
      const overSsh = await git.git(['ls-remote', sshUrl(sshPort, 'root/proxied'), 'refs/heads/topic'], { env: git.sshEnv(sshPort, { password: token }) });
      assert.equal(overSsh.code, 0, overSsh.stderr);
      const head = await git.git(['rev-parse', 'HEAD'], { cwd: work });
      assert.equal(overSsh.stdout, `${head.stdout.trim()}\trefs/heads/topic\n`);
    });
  });
});
