import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { startLatchkey, type LatchkeyProcess } from '../helpers/latchkey-process.ts';
import { generateToken, tokenDigest } from '../../src/domain/token-format.ts';
import { createTestDatabase, DIALECTS } from '../helpers/databases.ts';
import { GitCli, httpUrl, sshUrl } from '../git/git-cli.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Every file under `dir`, as bytes (the SQLite database, its WAL, keys, repositories...). */
function filesUnder(dir: string): { file: string; bytes: Buffer }[] {
  const found: { file: string; bytes: Buffer }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(full));
    else if (entry.isFile() && statSync(full).size > 0) found.push({ file: path.relative(dir, full), bytes: readFileSync(full) });
  }
  return found;
}

/** Talks to the server like a client and keeps what a leak could hide in: every non-create/rotate response body. */
class Client {
  readonly bodies: string[] = [];
  constructor(private readonly server: LatchkeyProcess) {}

  async api(method: string, route: string, token: string, options: { body?: unknown; via?: 'header' | 'bearer' | 'query'; secretResponse?: boolean } = {}) {
    const via = options.via ?? 'header';
    const url = `${this.server.url}/api/v4${route}${via === 'query' ? `${route.includes('?') ? '&' : '?'}private_token=${token}` : ''}`;
    const headers: Record<string, string> = {
      ...(via === 'header' && { 'private-token': token }),
      ...(via === 'bearer' && { authorization: `Bearer ${token}` }),
      ...(options.body !== undefined && { 'content-type': 'application/json' }),
    };
    const res = await fetch(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    const text = await res.text();
    // Create and rotate answers are the two places a token may appear; every other body is grepped.
    if (!(options.secretResponse && res.ok)) this.bodies.push(text);
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  async raw(url: string, headers: Record<string, string>) {
    const res = await fetch(url, { headers });
    const text = await res.text();
    this.bodies.push(text);
    return { status: res.status, text };
  }
}

const basic = (password: string) => `Basic ${Buffer.from(`any:${password}`).toString('base64')}`;

for (const dialect of DIALECTS) {
  describe(`no token ever appears outside its create/rotate answer (${dialect})`, () => {
    test('after API, ?private_token=, git over HTTP and SSH, /jwt/auth, failed logins and the CLI: no log line, data file, error body, audit event or database row holds a token', async () => {
      const database = await createTestDatabase(dialect);
      const env: Record<string, string> = {
        LATCHKEY_LOG_LEVEL: 'trace',
        LATCHKEY_REGISTRY_URL: 'http://127.0.0.1:5999',
        ...(database.database.dialect === 'postgres' && { LATCHKEY_DATABASE_URL: database.database.url }),
      };
      const server = await startLatchkey(env, { dataDir: database.dataDir });
      const git = new GitCli();
      const tokens = new Set<string>();
      const seen = (token: string) => {
        assert.match(token, /^glpat-/);
        tokens.add(token);
        return token;
      };
      try {
        const client = new Client(server);
        const root = seen(await server.cli(['token', 'create', '--user', 'root', '--name', 'leak-root', '--scopes', 'api']));
        const project = (await client.api('POST', '/projects', root, { body: { name: 'leaky' } })).body;
        const p = `/projects/${project.id}`;

        // API: create, use three ways (one in the query string), rotate, revoke.
        const create = async (name: string, scopes: string[], accessLevel = 30) => {
          const res = await client.api('POST', `${p}/access_tokens`, root, { body: { name, scopes, access_level: accessLevel }, secretResponse: true });
          assert.equal(res.status, 201);
          return { id: res.body.id as number, token: seen(res.body.token) };
        };
        const bot = await create('writer', ['api']);
        assert.equal((await client.api('GET', p, bot.token, { via: 'query' })).status, 200);
        assert.equal((await client.api('GET', `${p}/issues`, bot.token, { via: 'bearer' })).status, 200);
        assert.equal((await client.api('POST', `${p}/issues`, bot.token, { body: { title: 'by the bot' } })).status, 201);
        const rotated = await client.api('POST', `${p}/access_tokens/${bot.id}/rotate`, root, { secretResponse: true });
        assert.equal(rotated.status, 200);
        const writer = seen(rotated.body.token);
        assert.equal((await client.api('GET', `${p}/issues`, writer, { via: 'query' })).status, 200);
        const doomed = await create('doomed', ['read_api']);
        assert.equal((await client.api('DELETE', `${p}/access_tokens/${doomed.id}`, root)).status, 204);

        // Failed requests: a wrong token, a revoked one, a rotated-away one, each in the query string too.
        const wrong = seen(generateToken('glpat-'));
        for (const dead of [wrong, doomed.token, bot.token]) {
          assert.equal((await client.api('GET', p, dead)).status, 401);
          assert.equal((await client.api('GET', p, dead, { via: 'query' })).status, 401);
        }
        // The rotated-away token above already revoked its chain (reuse); at a rotate endpoint it is refused too.
        assert.equal((await client.api('POST', `${p}/access_tokens/self/rotate`, bot.token)).status, 401);
        // A Maintainer: it pushes to main, which is protected.
        const survivor = await create('survivor', ['api'], 40);

        // Git over HTTP and SSH: clone and push with tokens, and refusals of a wrong one.
        const httpClone = git.dir('http');
        const cloned = await git.git(['clone', '--quiet', httpUrl(server.url, project.path_with_namespace, survivor.token), httpClone]);
        assert.equal(cloned.code, 0, cloned.stderr);
        await git.commit(httpClone, { 'README.md': '# leaky\n' }, 'first');
        const pushed = await git.git(['push', '--quiet', 'origin', 'main'], { cwd: httpClone });
        assert.equal(pushed.code, 0, pushed.stderr);
        const ssh = git.sshEnv(server.sshPort, { password: survivor.token });
        const sshClone = git.dir('ssh');
        const sshCloned = await git.git(['clone', '--quiet', sshUrl(server.sshPort, project.path_with_namespace), sshClone], { env: ssh });
        assert.equal(sshCloned.code, 0, sshCloned.stderr);
        await git.commit(sshClone, { 'ssh.txt': 'over ssh\n' }, 'second');
        const sshPushed = await git.git(['push', '--quiet', 'origin', 'main'], { cwd: sshClone, env: ssh });
        assert.equal(sshPushed.code, 0, sshPushed.stderr);
        const refusedHttp = await git.git(['ls-remote', httpUrl(server.url, project.path_with_namespace, wrong)]);
        assert.notEqual(refusedHttp.code, 0);
        const refusedSsh = await git.git(['ls-remote', sshUrl(server.sshPort, project.path_with_namespace)], { env: git.sshEnv(server.sshPort, { password: wrong }) });
        assert.notEqual(refusedSsh.code, 0);
        const infoRefs = `${server.url}/${project.path_with_namespace}.git/info/refs?service=git-upload-pack`;
        assert.equal((await client.raw(infoRefs, { authorization: basic(wrong) })).status, 401);
        assert.equal((await client.raw(infoRefs, { authorization: basic(doomed.token) })).status, 401);

        // The registry token endpoint, with a good and a wrong token.
        const jwt = `${server.url}/jwt/auth?service=container_registry&scope=repository:${project.path_with_namespace}:pull,push`;
        assert.equal((await client.raw(jwt, { authorization: basic(survivor.token) })).status, 200);
        assert.equal((await client.raw(jwt, { authorization: basic(wrong) })).status, 401);

        // The CLI: create, list, rotate, revoke.
        const cliToken = seen(await server.cli(['project-token', 'create', '--project', project.path_with_namespace, '--name', 'from-cli', '--scopes', 'read_api']));
        const listed = JSON.parse(await server.cli(['project-token', 'list', '--project', String(project.id), '--json'])) as { id: number; name: string }[];
        const cliId = listed.find((row) => row.name === 'from-cli')!.id;
        assert.equal((await client.api('GET', p, cliToken)).status, 200);
        const cliRotated = seen(await server.cli(['project-token', 'rotate', '--project', String(project.id), '--id', String(cliId)]));
        const newId = (await client.api('GET', '/personal_access_tokens/self', cliRotated)).body.id;
        await server.cli(['project-token', 'revoke', '--project', String(project.id), '--id', String(newId)]);
        assert.equal((await client.api('GET', p, cliRotated)).status, 401);

        // Where a leak would end up.
        const audit: unknown[] = [];
        for (let page = 1; ; page++) {
          const res = await client.api('GET', `${p}/audit_events?per_page=100&page=${page}`, root);
          audit.push(...res.body);
          if (res.body.length < 100) break;
        }
        assert.ok(audit.length >= 8, `only ${audit.length} audit events`);
        const liveFiles = filesUnder(database.dataDir);
        assert.ok(liveFiles.some((f) => f.file.endsWith('-wal')) || dialect === 'postgres', 'the SQLite WAL was grepped while the server ran');
        await server.stop();
        const places: { where: string; bytes: Buffer }[] = [
          { where: 'server output', bytes: Buffer.from(server.output()) },
          { where: 'response bodies', bytes: Buffer.from(client.bodies.join('\n')) },
          { where: 'audit events API', bytes: Buffer.from(JSON.stringify(audit)) },
          ...[...liveFiles, ...filesUnder(database.dataDir)].map(({ file, bytes }) => ({ where: `data dir file ${file}`, bytes })),
        ];
        assert.match(server.output(), /incoming request/, 'the server logged every request');
        assert.match(server.output(), /token was passed in the URL query/, 'the query-string token was logged as a warning');
        if (database.database.dialect === 'postgres') {
          // pg_dump beside the server binaries the suite runs (initdb may be a symlink into them), else on PATH.
          const bin = execFileSync('bash', [path.join(ROOT, 'scripts', 'ensure-system-packages.sh')], { encoding: 'utf8' }).trim();
          const beside = path.join(path.dirname(realpathSync(path.join(bin, 'initdb'))), 'pg_dump');
          const dump = execFileSync(existsSync(beside) ? beside : 'pg_dump', ['--dbname', database.database.url, '--no-owner'], { maxBuffer: 256 * 1024 * 1024 });
          places.push({ where: 'pg_dump of the database', bytes: dump });
          // scripts/with-postgres.sh starts the cluster with `pg_ctl -l $LATCHKEY_TEST_PG_DIR.log`: no log to grep is a failure, not a skip.
          assert.ok(process.env.LATCHKEY_TEST_PG_DIR, 'LATCHKEY_TEST_PG_DIR is set (run under scripts/with-postgres.sh)');
          const pgLog = `${process.env.LATCHKEY_TEST_PG_DIR}.log`;
          assert.ok(existsSync(pgLog), `the PostgreSQL server log ${pgLog} exists`);
          places.push({ where: 'the PostgreSQL server log', bytes: readFileSync(pgLog) });
        }
        // The grep is real: the database holds the digests the tokens are stored as.
        const secret = readFileSync(path.join(database.dataDir, 'secret'), 'utf8').trim();
        const stored = places.filter((place) => place.where === 'pg_dump of the database' || place.where.startsWith('data dir file latchkey.sqlite3'));
        assert.ok(stored.length > 0 && stored.some((place) => place.bytes.includes(tokenDigest(secret, survivor.token))), 'the database holds the token digests');

        assert.ok(tokens.size >= 8, `saw only ${tokens.size} tokens`);
        for (const token of tokens) {
          const secretPart = token.slice('glpat-'.length);
          for (const place of places) {
            assert.equal(place.bytes.includes(secretPart), false, `${place.where} holds the token ${token.slice(0, 10)}…`);
          }
        }
      } finally {
        git.close();
        await server.stop();
        await database.drop();
      }
    });
  });
}
