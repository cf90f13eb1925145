import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { buildApp, type App } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { TestClock } from '../helpers/clock.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.ts';
import { brokenInvariants } from '../helpers/invariants.ts';
import { fixtureNames, loadFixture, lostRows, readAllTables, readFixture, type Fixture, type Tables } from './fixtures.ts';

// Upgrades from real older schemas: each fixture (a database and its repositories, made by an
// older Latchkey, see test/fixtures/upgrades/README.md) is loaded into a fresh database, then
// opened the way the server starts (buildApp: migrations, then root's bootstrap). Nothing may be lost.

const quiet = () => createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));

/** Rows meant to change while the server opens: the read cache's epochs count writes. */
const CHANGING = new Set(['auth_epoch', 'read_cache_epochs', 'read_cache_scoped_epochs', 'latchkey_migrations_lock']);

for (const name of fixtureNames()) {
  for (const dialect of DIALECTS) {
    describe(`upgrade from the "${name}" fixture (${dialect})`, () => {
      let database: TestDatabase;
      let fixture: Fixture;
      let config: Config;
      let beforeUpgrade: Tables;
      let afterUpgrade: Tables;
      let app: App;
      let applied: string[];

      before(async () => {
        database = await createTestDatabase(dialect);
        fixture = readFixture(name, dialect);
        loadFixture(name, database);
        beforeUpgrade = await readAllTables(database.database);
        config = loadConfig({
          LATCHKEY_DATA_DIR: database.dataDir,
          ...(database.database.dialect === 'postgres' && { LATCHKEY_DATABASE_URL: database.database.url }),
          LATCHKEY_SECRET: fixture.secret,
        });
        // The day after the fixture's short-lived tokens expired, long before the others do.
        app = await buildApp(config, { log: quiet(), clock: new TestClock(`${fixture.expiredBy}T12:00:00.000Z`) });
        applied = (await app.deps.db.selectFrom('latchkey_migrations' as never).select('name' as never).execute()).map((r) => (r as { name: string }).name);
        afterUpgrade = await readAllTables(database.database);
      });
      after(async () => {
        await app?.close();
        await database?.drop();
      });

      test('start-up applies every migration the fixture lacked', () => {
        const had = (beforeUpgrade.get('latchkey_migrations') ?? []).map((r) => r.name as string);
        assert.ok(had.length > 0, 'the fixture holds an older schema');
        assert.ok(had.every((n) => applied.includes(n)));
        assert.ok(applied.length >= had.length);
        assert.deepEqual(applied, [...applied].sort());
      });

      test('every row the older version wrote is still there, with the same values', () => {
        assert.deepEqual(lostRows(beforeUpgrade, afterUpgrade, CHANGING), []);
        // The comparison itself sees a changed value.
        const altered = new Map(afterUpgrade);
        altered.set('users', afterUpgrade.get('users')!.map((u) => (u.username === 'alice' ? { ...u, name: 'Someone else' } : u)));
        assert.equal(lostRows(beforeUpgrade, altered, CHANGING).length, 1);
        const users = afterUpgrade.get('users')!.map((u) => u.username).sort();
        for (const username of ['alice', 'bob', 'carol', 'ghost', 'root']) assert.ok(users.includes(username), username);
        assert.ok(!users.includes('dave'), 'the deleted user stays deleted');
      });

      test('the tokens made then authenticate as their users; revoked, rotated-away and expired ones are refused', async () => {
        // A rotated-away token's use revokes its whole chain (reuse detection), so it goes last.
        const order = { active: 0, expired: 1, revoked: 2, rotated: 3 } as const;
        for (const token of [...fixture.tokens].sort((a, b) => order[a.expect] - order[b.expect])) {
          if (token.name === 'limited') {
            // read_repository only (and an address allowlist the test's 127.0.0.1 is in): it clones.
            const basic = `Basic ${Buffer.from(`any:${token.plain}`).toString('base64')}`;
            const refs = await app.http.inject({ method: 'GET', url: '/root/demo.git/info/refs?service=git-upload-pack', headers: { authorization: basic } });
            assert.equal(refs.statusCode, 200, `${token.name}: ${refs.body}`);
            continue;
          }
          const res = await app.http.inject({ method: 'GET', url: '/api/v4/user', headers: { 'private-token': token.plain } });
          if (token.expect === 'active') {
            assert.equal(res.statusCode, 200, `${token.name}: ${res.body}`);
            assert.equal(res.json().username, token.username, token.name);
          } else {
            assert.equal(res.statusCode, 401, `${token.name} (${token.expect}) must be refused: ${res.body}`);
          }
        }
      });

      test("the Ghost User holds the records of the deleted user and of the revoked token's bot", async () => {
        const root = fixture.tokens.find((t) => t.name === 'seed')!.plain;
        const issues = await app.http.inject({ method: 'GET', url: '/api/v4/projects/root%2Fdemo/issues?per_page=100', headers: { 'private-token': root } });
        assert.equal(issues.statusCode, 200, issues.body);
        const byTitle = new Map(issues.json().map((i: { title: string; author: { username: string } }) => [i.title, i.author.username]));
        assert.equal(byTitle.get('Issue by dave, who leaves'), 'ghost');
        assert.equal(byTitle.get('Issue by a bot that is revoked'), 'ghost');
        assert.equal(byTitle.get('First issue'), 'alice');
        const botIssue = issues.json().find((i: { title: string }) => i.title === 'Issue by a bot that is revoked');
        const notes = await app.http.inject({ method: 'GET', url: `/api/v4/projects/root%2Fdemo/issues/${botIssue.iid}/notes`, headers: { 'private-token': root } });
        assert.deepEqual(
          notes.json().filter((n: { system: boolean }) => !n.system).map((n: { body: string; author: { username: string } }) => [n.body, n.author.username]),
          [['The bot comments', 'ghost']],
        );
      });

      test('what the older version supported still reads the same through the API', async () => {
        const root = fixture.tokens.find((t) => t.name === 'seed')!.plain;
        const get = async (url: string) => {
          const res = await app.http.inject({ method: 'GET', url: `/api/v4/projects/root%2Fdemo${url}`, headers: { 'private-token': root } });
          assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
          return res.json();
        };
        const members = await get('/members');
        assert.deepEqual(
          members.map((m: { username: string; access_level: number }) => [m.username, m.access_level]).filter(([u]: [string]) => !u.startsWith('project_')).sort(),
          [['alice', 30], ['bob', 40], ['root', 50]],
        );
        const tokens = await get('/access_tokens?per_page=100');
        assert.ok(tokens.some((t: { name: string; active: boolean }) => t.name === 'ci' && t.active));
        if (fixture.features.includes('labels')) assert.deepEqual((await get('/labels')).map((l: { name: string }) => l.name).sort(), ['bug', 'needs-triage']);
        if (fixture.features.includes('protected_branches')) {
          assert.deepEqual((await get('/protected_branches')).map((b: { name: string }) => b.name).sort(), ['main', 'release/*']);
        }
        if (fixture.features.includes('releases')) {
          const release = await get('/releases/v1.0');
          assert.equal(release.name, 'First release');
          assert.deepEqual(release.assets.links.map((l: { name: string; url: string }) => [l.name, l.url]), [['binary', 'https://example.com/demo-1.0.tar.gz']]);
        }
        if (fixture.features.includes('commits')) {
          const readme = await app.http.inject({ method: 'GET', url: '/api/v4/projects/root%2Fdemo/repository/files/README.md/raw?ref=main', headers: { 'private-token': root } });
          assert.equal(readme.body, '# demo\n');
        }
        if (fixture.features.includes('merge_requests')) {
          assert.deepEqual((await get('/merge_requests')).map((m: { title: string; state: string }) => [m.title, m.state]), [['Add the feature', 'opened']]);
        }
        if (fixture.features.includes('hooks')) assert.deepEqual((await get('/hooks')).map((h: { url: string }) => h.url), ['https://hooks.example.com/latchkey']);
      });

      test('the invariants hold after the upgrade (bots, memberships, authors, git fsck)', async () => {
        assert.deepEqual(await brokenInvariants(app.deps.db, dialect, database.dataDir), []);
      });
    });
  }
}
