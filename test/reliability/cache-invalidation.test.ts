import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { buildApp, type App } from '../../src/app.ts';
import { openDatabase, type OpenDatabase } from '../../src/db/database.ts';
import { createLogger } from '../../src/logger.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..', '..');

for (const dialect of DIALECTS) {
  describe(`read cache invalidation (${dialect})`, () => {
    let t: TestApp;
    // Another connection to the same database, as another node or psql would have.
    let elsewhere: OpenDatabase;
    // A second node on the same database (its own read cache), as a load balancer's other target.
    let node2: App;
    before(async () => {
      t = await startTestApp(dialect);
      elsewhere = openDatabase(t.config.database);
      node2 = await buildApp(t.config, { clock: t.clock, log: createLogger('silent', new Writable({ write: (_c, _e, done) => done() })) });
    });
    after(async () => {
      await node2.close();
      await elsewhere.close();
      await t.close();
    });

    /** GET through node 2: status and body. */
    async function onNode2(url: string, token: string) {
      const response = await node2.http.inject({ method: 'GET', url: `/api/v4${url}`, headers: { 'private-token': token } });
      return { status: response.statusCode, body: response.statusCode === 200 ? JSON.parse(response.body) : null };
    }

    async function projectWithMember(name: string) {
      const project = (await t.api('POST', '/projects', { body: { name } })).body;
      const member = await t.createUser(`${name}-member`);
      assert.equal((await t.api('POST', `/projects/${project.id}/members`, { body: { user_id: member.id, access_level: 30 } })).status, 201);
      // Warm the cache: the token, the project and the membership.
      for (let i = 0; i < 3; i++) assert.equal((await t.api('GET', `/projects/${project.id}`, { token: member.token })).status, 200);
      return { project, member };
    }

    test('a membership removed through another connection hides the project on the next request', async () => {
      const { project, member } = await projectWithMember('left');
      await elsewhere.db.deleteFrom('members').where('project_id', '=', project.id).where('user_id', '=', member.id).execute();
      assert.equal((await t.api('GET', `/projects/${project.id}`, { token: member.token })).status, 404);
    });

    test('a user blocked through another connection is refused on the next request', async () => {
      const { project, member } = await projectWithMember('blocked');
      await elsewhere.db.updateTable('users').set({ state: 'blocked' }).where('id', '=', member.id).execute();
      assert.equal((await t.api('GET', `/projects/${project.id}`, { token: member.token })).status, 401);
    });

    test('a project renamed through another connection shows its new name on the next request', async () => {
      const { project, member } = await projectWithMember('renamed');
      await elsewhere.db.updateTable('projects').set({ name: 'Renamed elsewhere' }).where('id', '=', project.id).execute();
      assert.equal((await t.api('GET', `/projects/${project.id}`, { token: member.token })).body.name, 'Renamed elsewhere');
    });

    test("a token's last use and a project's issue counter, written often, move no epoch", async () => {
      const { member } = await projectWithMember('last-used');
      const epochs = () => elsewhere.db.selectFrom('read_cache_epochs').select(['kind', 'value']).orderBy('kind').execute();
      const before = await epochs();
      await elsewhere.db.updateTable('personal_access_tokens').set({ last_used_at: new Date().toISOString() }).where('user_id', '=', member.id).execute();
      await elsewhere.db.updateTable('projects').set({ issue_counter: 5 }).execute();
      assert.deepEqual(await epochs(), before);
    });

    test('a token revoked by another process (the CLI) is refused by the running server on the next request', async () => {
      const project = (await t.api('POST', '/projects', { body: { name: 'cached' } })).body;
      const created = (await t.api('POST', `/projects/${project.id}/access_tokens`, { body: { name: 'warm', scopes: ['read_api'] } })).body;
      for (let i = 0; i < 3; i++) assert.equal((await t.api('GET', `/projects/${project.id}`, { token: created.token })).status, 200);

      const database = t.config.database;
      await run(process.execPath, ['bin/latchkey.js', 'project-token', 'revoke', '--project', String(project.id), '--id', String(created.id)], {
        cwd: ROOT,
        env: {
          ...process.env,
          LATCHKEY_DATA_DIR: t.config.dataDir,
          ...(database.dialect === 'postgres' ? { LATCHKEY_DATABASE_URL: database.url } : { LATCHKEY_DATABASE_URL: `sqlite:${database.file}` }),
        },
      });
      assert.equal((await t.api('GET', `/projects/${project.id}`, { token: created.token })).status, 401);
    });

    // epochs: the per-project epochs of `projects` and `issues` (migration 2026-12-02T80).

    test("a change to a project on node 1 is on node 2's very next request: name, path, visibility, open issues, deletion", async () => {
      const outsider = await t.createUser('scoped-outsider');
      const { project, member } = await projectWithMember('scoped');
      assert.equal((await t.api('PUT', `/projects/${project.id}`, { body: { visibility: 'public' } })).status, 200);
      const byPath = (path: string) => `/projects/${encodeURIComponent(path)}`;
      // Warm node 2: by id and by path, for a member and an outsider (public), twice.
      for (let i = 0; i < 2; i++) {
        assert.equal((await onNode2(`/projects/${project.id}`, member.token)).body.open_issues_count, 0);
        assert.equal((await onNode2(byPath(project.path_with_namespace), member.token)).status, 200);
        assert.equal((await onNode2(`/projects/${project.id}`, outsider.token)).status, 200);
      }

      const renamed = await t.api('PUT', `/projects/${project.id}`, { body: { name: 'Scoped renamed', path: 'scoped-renamed' } });
      assert.equal(renamed.status, 200);
      assert.equal((await onNode2(`/projects/${project.id}`, member.token)).body.name, 'Scoped renamed');
      assert.equal((await onNode2(byPath(project.path_with_namespace), member.token)).status, 404, 'the old path is gone on node 2 too');
      assert.equal((await onNode2(byPath(renamed.body.path_with_namespace), member.token)).status, 200);

      const issue = await t.api('POST', `/projects/${project.id}/issues`, { body: { title: 'Counted' } });
      assert.equal(issue.status, 201);
      assert.equal((await onNode2(`/projects/${project.id}`, member.token)).body.open_issues_count, 1);
      assert.equal((await t.api('PUT', `/projects/${project.id}/issues/${issue.body.iid}`, { body: { state_event: 'close' } })).status, 200);
      assert.equal((await onNode2(`/projects/${project.id}`, member.token)).body.open_issues_count, 0);

      assert.equal((await t.api('PUT', `/projects/${project.id}`, { body: { visibility: 'private' } })).status, 200);
      assert.equal((await onNode2(`/projects/${project.id}`, outsider.token)).status, 404, 'a project made private is hidden from outsiders at once');
      assert.equal((await onNode2(`/projects/${project.id}`, member.token)).status, 200);

      assert.equal((await t.api('DELETE', `/projects/${project.id}`)).status, 202);
      assert.equal((await onNode2(`/projects/${project.id}`, member.token)).status, 404);
    });

    test("a project's first branch, made on node 1, ends its empty_repo on node 2's very next request", async () => {
      const { project, member } = await projectWithMember('first-branch');
      const quiet = (await t.api('POST', '/projects', { body: { name: 'still-empty', visibility: 'public' } })).body;
      for (let i = 0; i < 2; i++) {
        assert.equal((await onNode2(`/projects/${project.id}`, member.token)).body.empty_repo, true);
        assert.equal((await onNode2(`/projects/${quiet.id}`, member.token)).body.empty_repo, true);
      }
      const loads = node2.deps.cachedReads.stats().repository.loads;
      // The first commit (and so the first branch) through the API on node 1.
      const file = await t.api('POST', `/projects/${project.id}/repository/files/README.md`, {
        body: { branch: 'main', content: 'hello', commit_message: 'First' },
      });
      assert.equal(file.status, 201);
      assert.equal((await onNode2(`/projects/${project.id}`, member.token)).body.empty_repo, false);
      assert.equal((await onNode2(`/projects/${quiet.id}`, member.token)).body.empty_repo, true);
      // Only the project that changed was read again; the other one's answer stayed in the cache.
      assert.equal(node2.deps.cachedReads.stats().repository.loads, loads + 1);

      // Its issues and notes are events too, but no push: whether it has a branch is not read again.
      const issue = (await t.api('POST', `/projects/${project.id}/issues`, { body: { title: 'After the first commit' } })).body;
      assert.equal((await t.api('POST', `/projects/${project.id}/issues/${issue.iid}/notes`, { body: { body: 'noted' } })).status, 201);
      assert.equal((await onNode2(`/projects/${project.id}`, member.token)).body.empty_repo, false);
      assert.equal(node2.deps.cachedReads.stats().repository.loads, loads + 1);
    });

    test("another project's notes and issues leave node 2's cached project, tokens, memberships and counts in place", async () => {
      const { project: a, member } = await projectWithMember('quiet-a');
      const b = (await t.api('POST', '/projects', { body: { name: 'busy-b' } })).body;
      const issue = (await t.api('POST', `/projects/${b.id}/issues`, { body: { title: 'Busy' } })).body;
      for (let i = 0; i < 2; i++) assert.equal((await onNode2(`/projects/${a.id}`, member.token)).status, 200);
      const before = node2.deps.cachedReads.stats();

      // Through node 1: notes, a new issue and a closed one in B, each bumping B's epochs.
      for (let i = 0; i < 3; i++) {
        assert.equal((await t.api('POST', `/projects/${b.id}/issues/${issue.iid}/notes`, { body: { body: `note ${i}` } })).status, 201);
      }
      const second = (await t.api('POST', `/projects/${b.id}/issues`, { body: { title: 'Another' } })).body;
      assert.equal((await t.api('PUT', `/projects/${b.id}/issues/${second.iid}`, { body: { state_event: 'close' } })).status, 200);
      for (let i = 0; i < 3; i++) assert.equal((await onNode2(`/projects/${a.id}`, member.token)).status, 200);
      // And B, read on node 2, shows what node 1 wrote.
      assert.equal((await onNode2(`/projects/${b.id}`, t.rootToken)).body.open_issues_count, 1);

      const after = node2.deps.cachedReads.stats();
      const loads = (stats: typeof before) => ({
        credentials: stats.credentials.loads,
        members: stats.members.loads,
        projects: stats.projects.loads,
        issues: stats.issues.loads,
        repository: stats.repository.loads,
      });
      // Reading B loaded root's token, root's membership of B, B and B's count: nothing of A.
      assert.deepEqual(loads(after), {
        credentials: before.credentials.loads + 1,
        members: before.members.loads + 1,
        projects: before.projects.loads + 1,
        issues: before.issues.loads + 1,
        repository: before.repository.loads + 1,
      });
      assert.deepEqual(
        Object.fromEntries(Object.entries(after).map(([kind, stats]) => [kind, stats.clears])),
        Object.fromEntries(Object.entries(before).map(([kind, stats]) => [kind, stats.clears])),
        'no kind was emptied whole',
      );
      // B's issues moved B's count; its last activity, less than an hour old, stayed (as GitLab's).
      assert.ok(after.issues.scopedClears > before.issues.scopedClears);
      assert.ok(after.projects.hits >= before.projects.hits + 3);
    });

    test("a project in a subgroup keeps its group chain's names cached with it; a group renamed or moved elsewhere is in node 2's very next answer", async () => {
      const top = await t.api('POST', '/groups', { body: { name: 'Summit', path: 'summit' } });
      assert.equal(top.status, 201);
      const child = await t.api('POST', '/groups', { body: { name: 'Ridge', path: 'ridge', parent_id: top.body.id } });
      assert.equal(child.status, 201);
      const project = await t.api('POST', '/projects', { body: { name: 'trail', namespace_id: child.body.id } });
      assert.equal(project.status, 201);
      const named = async () => (await onNode2(`/projects/${project.body.id}`, t.rootToken)).body.name_with_namespace;
      for (let i = 0; i < 2; i++) assert.equal(await named(), 'Summit / Ridge / trail');

      // Warm: answered from memory, the chain's names included (before: one recursive query each time).
      const before = node2.deps.cachedReads.stats();
      assert.equal(await named(), 'Summit / Ridge / trail');
      const after = node2.deps.cachedReads.stats();
      assert.equal(after.projects.loads, before.projects.loads, "no project read and no read of the group chain's names");
      assert.equal(after.projects.hits, before.projects.hits + 2, 'the project and its namespace name, from memory');

      await elsewhere.db.updateTable('namespaces').set({ name: 'Peak' }).where('id', '=', top.body.id).execute();
      assert.equal(await named(), 'Peak / Ridge / trail', 'the top-level group renamed through another connection');
      await elsewhere.db.updateTable('namespaces').set({ parent_id: null }).where('id', '=', child.body.id).execute();
      assert.equal(await named(), 'Ridge / trail', 'the subgroup moved to the top level');
      assert.equal((await t.api('PUT', `/groups/${child.body.id}`, { body: { name: 'Col' } })).status, 200);
      assert.equal(await named(), 'Col / trail', 'renamed through node 1');
    });
  });
}
