import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { buildApp } from '../../src/app.ts';
import { authenticatePassword } from '../../src/auth/authenticate-password.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { freshInstanceEnv, runBin, runCli } from './server-process.ts';

// The admin commands on an instance where the server has never run: the CLI bootstraps it exactly
// as the server's start does (migrations, instance secret, root and its generated password file).

const quiet = () => createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));

for (const dialect of DIALECTS) {
  describe(`latchkey CLI before the server ever ran (${dialect})`, () => {
    let first: Awaited<ReturnType<typeof freshInstanceEnv>>;
    let firstStderr = '';
    before(async () => {
      first = await freshInstanceEnv(dialect);
    });
    after(() => first?.drop());

    test('an admin command run first acts as root (the project is what is missing, not the admin)', async () => {
      const res = await runBin(['project-token', 'list', '--project', 'root/demo'], first.env);
      assert.equal(res.code, 1, res.stderr);
      assert.match(res.stderr, /^latchkey project-token list: Project Not Found$/m);
      assert.doesNotMatch(res.stderr, /--as must name an admin user/);
      assert.equal(res.stdout, '');
      firstStderr = res.stderr;
    });

    test('latchkey token create --user root then prints a token that authenticates as root, and the generated password file signs root in', async () => {
      const res = await runCli(['token', 'create', '--user', 'root', '--name', 'first', '--scopes', 'api'], first.env);
      assert.equal(res.code, 0, res.stderr);
      assert.match(res.stdout, /^glpat-[A-Za-z0-9_-]{20,}\n$/);
      const file = path.join(first.dataDir, 'initial_root_password');
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const password = readFileSync(file, 'utf8').trim();
      assert.ok(password.length >= 16);

      const app = await buildApp(loadConfig(first.env), { log: quiet() });
      try {
        const me = await app.http.inject({ method: 'GET', url: '/api/v4/user', headers: { 'private-token': res.stdout.trim() } });
        assert.equal(me.statusCode, 200, me.body);
        assert.deepEqual([me.json().username, me.json().is_admin], ['root', true]);
        assert.equal((await authenticatePassword(app.deps, 'root', password)).user.username, 'root');
      } finally {
        await app.close();
      }
    });

    test('the command that created root said where its generated password is, never the password; later ones say nothing', async () => {
      const file = path.join(first.dataDir, 'initial_root_password');
      const password = readFileSync(file, 'utf8').trim();
      assert.ok(firstStderr.includes(`created the admin user root; its generated password is in ${file}`), firstStderr);
      assert.ok(!firstStderr.includes(password));
      const again = await runCli(['tokens', 'cleanup'], first.env);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(again.stderr, '');
      assert.equal(readFileSync(file, 'utf8').trim(), password, 'the file is written once');
    });
  });

  describe(`latchkey migrate (${dialect})`, () => {
    let fresh: Awaited<ReturnType<typeof freshInstanceEnv>>;
    before(async () => {
      fresh = await freshInstanceEnv(dialect);
    });
    after(() => fresh?.drop());

    test('latchkey migrate on a fresh database lists each migration it applied, in order', async () => {
      const res = await runCli(['migrate'], fresh.env);
      assert.equal(res.code, 0, res.stderr);
      const lines = res.stdout.trimEnd().split('\n');
      assert.ok(lines.length >= 5, res.stdout);
      assert.equal(lines[0], 'applied 2026-11-29T00-initial');
      for (const line of lines) assert.match(line, /^applied \d{4}-\d{2}-\d{2}T\d{2}-[a-z0-9-]+$/);
      assert.deepEqual([...lines].sort(), lines, 'in order');
    });

    test('latchkey migrate once more says the database is up to date', async () => {
      const res = await runCli(['migrate'], fresh.env);
      assert.equal(res.code, 0, res.stderr);
      assert.equal(res.stdout, 'database is up to date\n');
    });
  });
}
