import assert from 'node:assert/strict';
import { chmodSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freePort, freshInstanceEnv, runCli, startServer } from '../cli/server-process.ts';
import { DIALECTS } from '../helpers/databases.ts';

/** Every file and directory below `dir` (itself included) with its permission bits. */
function modes(dir: string): [string, number][] {
  const found: [string, number][] = [[dir, statSync(dir).mode & 0o777]];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...modes(full));
    else found.push([full, statSync(full).mode & 0o777]);
  }
  return found;
}

const octal = (mode: number) => `0${mode.toString(8)}`;

for (const dialect of DIALECTS) {
  describe(`the data dir is private whatever the umask (${dialect})`, () => {
    let instance: Awaited<ReturnType<typeof freshInstanceEnv>>;
    let env: Record<string, string> & { LATCHKEY_HTTP_PORT: string };
    let dataDir: string;
    let umask: number;

    before(async () => {
      instance = await freshInstanceEnv(dialect);
      dataDir = path.join(instance.dataDir, 'data'); // made by the server itself
      env = { ...instance.env, LATCHKEY_DATA_DIR: dataDir, LATCHKEY_HTTP_PORT: String(await freePort()), LATCHKEY_SSH_PORT: String(await freePort()) };
      umask = process.umask(0o022); // the children inherit the usual umask
    });
    after(async () => {
      process.umask(umask);
      await instance?.drop();
    });

    test('a server started with umask 022 makes the data dir 0700 and every file in it (database, WAL, secret, repositories) owner-only', async () => {
      const server = await startServer(env);
      try {
        const token = (await runCli(['token', 'create', '--user', 'root', '--name', 'modes', '--scopes', 'api'], env)).stdout.trim();
        const created = await fetch(`${server.url}/api/v4/projects`, { method: 'POST', headers: { 'private-token': token, 'content-type': 'application/json' }, body: '{"name":"private-bits"}' });
        assert.equal(created.status, 201);
        const entries = modes(dataDir);
        assert.equal(entries[0]![1], 0o700, `${dataDir} is ${octal(entries[0]![1])}`);
        const names = entries.map(([file]) => path.relative(dataDir, file));
        assert.ok(names.includes('secret'));
        assert.ok(names.some((name) => name.startsWith('repositories/@hashed/') && name.endsWith('.git/HEAD')), names.join(', '));
        if (dialect === 'sqlite') assert.ok(names.includes('latchkey.sqlite3') && names.includes('latchkey.sqlite3-wal'), names.join(', '));
        const open = entries.filter(([, mode]) => (mode & 0o077) !== 0).map(([file, mode]) => `${path.relative(dataDir, file)} ${octal(mode)}`);
        assert.deepEqual(open, []);
      } finally {
        await server.stop();
      }
    });

    test('an existing install with a 0755 data dir and a 0644 database is tightened at start-up', async () => {
      chmodSync(dataDir, 0o755);
      if (dialect === 'sqlite') chmodSync(path.join(dataDir, 'latchkey.sqlite3'), 0o644);
      const server = await startServer(env);
      try {
        assert.equal(octal(statSync(dataDir).mode & 0o777), '0700');
        if (dialect === 'sqlite') {
          for (const file of ['latchkey.sqlite3', 'latchkey.sqlite3-wal']) assert.equal(octal(statSync(path.join(dataDir, file)).mode & 0o777), '0600', file);
        }
      } finally {
        await server.stop();
      }
    });
  });
}
