import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { freePort, freshInstanceEnv, run, runBin, runCli, startServer, type Finished, type ServerProcess } from './server-process.ts';

const TOKEN_LINE = /^glpat-[A-Za-z0-9_-]{20,}\n$/;

describe('latchkey CLI help', () => {
  test('latchkey --help lists the commands and exits 0', async () => {
    const res = await runBin(['--help'], {});
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /^Usage: latchkey <command>/);
    assert.match(res.stdout, /^ {2}token create +Create a personal access token/m);
    assert.match(res.stdout, /^ {2}migrate +/m);
  });

  test('latchkey token create --help shows its options and exits 0 without touching a database', async () => {
    const res = await runBin(['token', 'create', '--help'], { LATCHKEY_DATA_DIR: '/nonexistent/latchkey-help' });
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /^Usage: latchkey token create --user <username> --name <name> --scopes/);
    for (const option of ['--user <value>', '--name <value>', '--scopes <value>', '--expires-at <value>']) {
      assert.ok(res.stdout.includes(option), option);
    }
  });

  test('latchkey with an unknown command exits 64 and shows the help on stderr', async () => {
    const res = await runBin(['frobnicate'], {});
    assert.equal(res.code, 64);
    assert.match(res.stderr, /unknown command "frobnicate"/);
    assert.equal(res.stdout, '');
  });
});

describe('latchkey server start-up with invalid configuration', () => {
  const assertOneLine = (res: Finished) => {
    assert.notEqual(res.code, 0);
    const lines = res.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, res.stderr);
    assert.match(lines[0]!, /LATCHKEY_HTTP_PORT/);
  };

  test('the server (dist/main.js) with an invalid LATCHKEY_HTTP_PORT exits non-zero with one line naming the variable', async () => {
    const res = await run(process.execPath, ['dist/main.js'], { LATCHKEY_HTTP_PORT: 'eighty' });
    assertOneLine(res);
    assert.equal(res.stdout, '');
  });

  test('npm start with an invalid LATCHKEY_HTTP_PORT exits non-zero with one stderr line naming the variable', async () => {
    assertOneLine(await run('npm', ['start'], { LATCHKEY_HTTP_PORT: '70000' }));
  });

  test('latchkey token create with invalid configuration exits 78 naming the variable', async () => {
    const res = await runBin(['token', 'create', '--user', 'root', '--name', 'x', '--scopes', 'api'], { LATCHKEY_LOG_LEVEL: 'loud' });
    assert.equal(res.code, 78);
    assert.match(res.stderr, /LATCHKEY_LOG_LEVEL/);
    assert.equal(res.stdout, '');
  });
});

for (const dialect of DIALECTS) {
  describe(`latchkey server as a process (${dialect})`, () => {
    let setup: Awaited<ReturnType<typeof freshInstanceEnv>>;
    let env: Record<string, string>;
    let server: ServerProcess;
    let token = '';
    before(async () => {
      setup = await freshInstanceEnv(dialect);
      env = { ...setup.env, LATCHKEY_HTTP_PORT: String(await freePort()), LATCHKEY_SSH_PORT: String(await freePort()) };
      server = await startServer(env as typeof env & { LATCHKEY_HTTP_PORT: string });
    });
    after(async () => {
      await server?.stop();
      await setup?.drop();
    });

    test('latchkey token create prints exactly one line, the token, which authenticates GET /api/v4/user over HTTP', async () => {
      const res = await runBin(['token', 'create', '--user', 'root', '--name', 'bootstrap', '--scopes', 'api'], env);
      assert.equal(res.code, 0, res.stderr);
      assert.match(res.stdout, TOKEN_LINE);
      token = res.stdout.trim();
      assert.ok(!res.stderr.includes(token), 'the token is only on stdout');
      const me = await fetch(`${server.url}/api/v4/user`, { headers: { 'private-token': token } });
      assert.equal(me.status, 200);
      const body = (await me.json()) as { username: string; is_admin: boolean };
      assert.equal(body.username, 'root');
      assert.equal(body.is_admin, true);
      const anonymous = await fetch(`${server.url}/api/v4/user`);
      assert.equal(anonymous.status, 401);
    });

    test('latchkey token create for an unknown user or scope, or as someone who is not an admin, exits 64 and prints no token', async () => {
      const user = await runCli(['token', 'create', '--user', 'nobody', '--name', 'x', '--scopes', 'api'], env);
      assert.equal(user.code, 64);
      assert.match(user.stderr, /no user named "nobody"/);
      const scope = await runCli(['token', 'create', '--user', 'root', '--name', 'x', '--scopes', 'sudo'], env);
      assert.equal(scope.code, 64);
      assert.match(scope.stderr, /unknown scope: sudo/);
      const notAdmin = await runCli(['token', 'create', '--user', 'root', '--name', 'x', '--scopes', 'api', '--as', 'nobody'], env);
      assert.equal(notAdmin.code, 64);
      assert.match(notAdmin.stderr, /--as must name an admin user; "nobody" is not one/);
      assert.equal(user.stdout + scope.stdout + notAdmin.stdout, '');
    });

    test('the generated root password is written to data/initial_root_password with mode 0600', () => {
      const file = path.join(setup.dataDir, 'initial_root_password');
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const password = readFileSync(file, 'utf8').trim();
      assert.ok(password.length >= 16);
      assert.ok(!server.output().includes(password), 'the password is not logged');
      assert.ok(server.output().includes('initial_root_password'), 'the log says where the password is');
    });

    test('a second server on the same HTTP port exits 1 with one line naming the port variables', async () => {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'latchkey-cli-second-'));
      try {
        const res = await run(process.execPath, ['dist/main.js'], { ...env, LATCHKEY_DATA_DIR: dataDir, LATCHKEY_LOG_LEVEL: 'error' });
        assert.equal(res.code, 1);
        const lines = res.stderr.trimEnd().split('\n');
        assert.equal(lines.length, 1, res.stderr);
        assert.match(lines[0]!, /^latchkey: failed to start: .*EADDRINUSE.*LATCHKEY_HTTP_HOST\/PORT/);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });

    test('SIGTERM stops the server with exit code 0, and its whole output never contains the token', async () => {
      assert.ok(token, 'a token was created');
      // A request with the token in the query string, which is logged (as a warning).
      const viaQuery = await fetch(`${server.url}/api/v4/user?private_token=${token}`);
      assert.equal(viaQuery.status, 200);
      const finished = await server.stop();
      assert.equal(finished.code, 0, finished.stderr);
      assert.equal(finished.signal, null);
      const output = finished.stdout + finished.stderr;
      assert.match(output, /latchkey is ready/);
      assert.ok(!output.includes(token), 'the server output contains the token');
      assert.ok(!output.includes(token.slice(6)), 'the server output contains the token body');
    });
  });
}
