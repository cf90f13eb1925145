import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { openDatabase } from '../../src/db/database.ts';
import { repositoryPath } from '../../src/git/repository-path.ts';
import { GitCli, httpUrl } from '../git/git-cli.ts';
import { createTestDatabase, DIALECTS } from '../helpers/databases.ts';
import { brokenInvariants } from '../helpers/invariants.ts';
import { apiCall, startLatchkey, type LatchkeyProcess } from '../helpers/latchkey-process.ts';
import { instanceEnv, latchkey } from './backup-helpers.ts';

interface ChurnedToken {
  token: string;
  createdAt: number;
  revokedAt: number | null;
}

/** Project tokens created and (every other one) revoked through the API until told to stop; each with when its call returned. */
async function tokenChurn(server: LatchkeyProcess, rootToken: string, projectId: number, stop: { done: boolean }, log: ChurnedToken[]): Promise<void> {
  let i = 0;
  while (!stop.done) {
    i += 1;
    const created = await apiCall(server.url, rootToken, 'POST', `/projects/${projectId}/access_tokens`, { name: `churn-${i}`, scopes: ['api'], access_level: 30 });
    const entry: ChurnedToken = { token: created.token, createdAt: Date.now(), revokedAt: null };
    log.push(entry);
    await apiCall(server.url, created.token, 'POST', `/projects/${projectId}/issues`, { title: `by churn bot ${i}` });
    if (i % 2 === 0) {
      await apiCall(server.url, rootToken, 'DELETE', `/projects/${projectId}/access_tokens/${created.id}`);
      entry.revokedAt = Date.now();
    }
  }
}

/** Commits pushed over HTTP with a project token until told to stop; each acknowledged tip with when. */
async function pushLoop(git: GitCli, clone: string, url: string, stop: { done: boolean }, acked: Array<{ sha: string; at: number }>): Promise<void> {
  let i = 0;
  while (!stop.done) {
    i += 1;
    const files: Record<string, string> = { [`load/${i}.txt`]: `push ${i} ${Math.random()}\n` };
    if (i % 3 === 1) for (let n = 0; n < 60; n++) files[`packs/${i}/${n}.txt`] = `file ${n} of push ${i} ${Math.random()}\n`;
    await git.commit(clone, files, `push ${i}`);
    const push = await git.git(['push', '--quiet', url, 'HEAD:refs/heads/main'], { cwd: clone });
    assert.equal(push.code, 0, push.stderr);
    acked.push({ sha: (await git.git(['rev-parse', 'HEAD'], { cwd: clone })).stdout.trim(), at: Date.now() });
  }
}

const status = async (url: string, token: string, route: string): Promise<number> =>
  (await fetch(`${url}/api/v4${route}`, { headers: { 'private-token': token } })).status;

for (const dialect of DIALECTS) {
  describe(`latchkey backup create while the server takes pushes and token churn, then restore (${dialect})`, () => {
    test('every active token works after the restore (API and git), revoked ones stay revoked, records and repositories intact', async () => {
      const source = await createTestDatabase(dialect);
      const target = await createTestDatabase(dialect);
      const work = mkdtempSync(path.join(tmpdir(), 'latchkey-backup-load-'));
      const archive = path.join(work, 'instance.tar.gz');
      const git = new GitCli();
      let server: LatchkeyProcess | undefined;
      try {
        const sourceEnv = instanceEnv(source);
        server = await startLatchkey(sourceEnv, { dataDir: source.dataDir });
        const rootToken = await server.cli(['token', 'create', '--user', 'root', '--name', 'backup-test', '--scopes', 'api']);
        const project = await apiCall(server.url, rootToken, 'POST', '/projects', { name: 'busy' });
        const empty = await apiCall(server.url, rootToken, 'POST', '/projects', { name: 'still-empty', default_branch: 'trunk' });
        const pusher = await apiCall(server.url, rootToken, 'POST', `/projects/${project.id}/access_tokens`, { name: 'pusher', scopes: ['write_repository', 'read_api'], access_level: 40 });
        // A bot that writes, then is revoked: its issue and note move to the Ghost User.
        const leaver = await apiCall(server.url, rootToken, 'POST', `/projects/${project.id}/access_tokens`, { name: 'leaver', scopes: ['api'], access_level: 30 });
        const ghostIssue = await apiCall(server.url, leaver.token, 'POST', `/projects/${project.id}/issues`, { title: 'written by a bot that leaves' });
        await apiCall(server.url, leaver.token, 'POST', `/projects/${project.id}/issues/${ghostIssue.iid}/notes`, { body: 'a note it leaves behind' });
        await apiCall(server.url, rootToken, 'DELETE', `/projects/${project.id}/access_tokens/${leaver.id}`);

        const clone = git.dir('pusher');
        assert.equal((await git.git(['init', '--quiet'], { cwd: clone })).code, 0);
        const remote = httpUrl(server.url, project.path_with_namespace, pusher.token);
        await git.commit(clone, { 'README.md': '# busy\n' }, 'first');
        assert.equal((await git.git(['push', '--quiet', remote, 'HEAD:refs/heads/main', 'HEAD:refs/heads/feature'], { cwd: clone })).code, 0);
        const mr = await apiCall(server.url, rootToken, 'POST', `/projects/${project.id}/merge_requests`, { source_branch: 'feature', target_branch: 'main', title: 'a merge request' });

        const stop = { done: false };
        const churned: ChurnedToken[] = [];
        const acked: Array<{ sha: string; at: number }> = [];
        const load = Promise.all([tokenChurn(server, rootToken, project.id, stop, churned), pushLoop(git, clone, remote, stop, acked)]);
        for (const deadline = Date.now() + 60_000; (acked.length < 2 || churned.length < 2) && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
        const backupStarted = Date.now();
        const created = await server.cli(['backup', 'create', '--output', archive]);
        const backupEnded = Date.now();
        stop.done = true;
        await load;
        assert.equal(created, archive);
        await server.stop();
        server = undefined;

        const targetEnv = instanceEnv(target);
        const restored = await latchkey(targetEnv, ['backup', 'restore', archive]);
        assert.equal(restored.code, 0, restored.stderr);
        assert.equal(restored.stdout, 'restore complete\n');
        server = await startLatchkey(targetEnv, { dataDir: target.dataDir });

        // Tokens: active during the whole backup → work; revoked before it started → refused.
        assert.equal(await status(server.url, rootToken, '/user'), 200);
        const activeThroughout = churned.filter((t) => t.createdAt < backupStarted && (t.revokedAt === null || t.revokedAt > backupEnded));
        const revokedBefore = churned.filter((t) => t.revokedAt !== null && t.revokedAt < backupStarted);
        assert.ok(activeThroughout.length > 0 && revokedBefore.length > 0, `churn: ${churned.length} tokens`);
        for (const t of activeThroughout) assert.equal(await status(server.url, t.token, `/projects/${project.id}`), 200);
        for (const t of [...revokedBefore, leaver]) assert.equal(await status(server.url, t.token, `/projects/${project.id}`), 401);

        // Git with the pusher's token: the restored tip holds every push acknowledged before the backup began.
        const fresh = git.dir('after');
        const cloned = await git.git(['clone', '--quiet', remote.replace(/127\.0\.0\.1:\d+/, new URL(server.url).host), fresh]);
        assert.equal(cloned.code, 0, cloned.stderr);
        const beforeBackup = acked.filter((a) => a.at < backupStarted).at(-1)!;
        assert.equal((await git.git(['merge-base', '--is-ancestor', beforeBackup.sha, 'HEAD'], { cwd: fresh })).code, 0, 'a push acknowledged before the backup is in it');
        await git.commit(fresh, { 'after-restore.txt': 'still pushable\n' }, 'after restore');
        assert.equal((await git.git(['push', '--quiet', 'origin', 'HEAD:refs/heads/main'], { cwd: fresh })).code, 0);

        // The empty repository came back empty, its HEAD where it was, and takes a first push.
        const emptyDir = repositoryPath(target.dataDir, empty.id);
        assert.equal((await git.git(['symbolic-ref', 'HEAD'], { cwd: emptyDir })).stdout.trim(), 'refs/heads/trunk');
        assert.equal((await git.git(['for-each-ref'], { cwd: emptyDir })).stdout, '');
        assert.equal((await git.git(['config', 'http.receivepack'], { cwd: emptyDir })).stdout.trim(), 'true', 'configured as Latchkey creates it');

        // Records: the merge request, the ghost's issue and note, bots and memberships.
        assert.equal((await apiCall(server.url, rootToken, 'GET', `/projects/${project.id}/merge_requests/${mr.iid}`)).title, 'a merge request');
        const issue = await apiCall(server.url, rootToken, 'GET', `/projects/${project.id}/issues/${ghostIssue.iid}`);
        assert.equal(issue.title, 'written by a bot that leaves');
        assert.equal(issue.author.username, 'ghost');
        const notes = await apiCall(server.url, rootToken, 'GET', `/projects/${project.id}/issues/${ghostIssue.iid}/notes`);
        assert.deepEqual(notes.map((n: { body: string; author: { username: string } }) => [n.body, n.author.username]), [['a note it leaves behind', 'ghost']]);
        await server.stop();
        server = undefined;

        const { db, close } = openDatabase(target.database);
        try {
          assert.deepEqual(await brokenInvariants(db, dialect, target.dataDir), []);
          const ghosts = await db.selectFrom('users').select('id').where('user_type', '=', 'ghost').execute();
          assert.equal(ghosts.length, 1, 'one Ghost User');
          const bots = await db.selectFrom('users').select('id').where('user_type', '=', 'project_bot').execute();
          const members = await db.selectFrom('members').select('user_id').where('project_id', '=', project.id).execute();
          for (const bot of bots) assert.ok(members.some((m) => m.user_id === bot.id), `bot ${bot.id} is a member`);
          const projects = await db.selectFrom('projects').select('id').execute();
          for (const { id } of projects) {
            const dir = repositoryPath(target.dataDir, id);
            const fsck = await git.git(['fsck', '--full', '--no-dangling'], { cwd: dir });
            assert.equal(fsck.code, 0, fsck.stderr);
            const refs = (await git.git(['for-each-ref', '--format=%(objectname) %(refname)'], { cwd: dir })).stdout.trim();
            for (const line of refs ? refs.split('\n') : []) {
              const [sha, ref] = line.split(' ');
              assert.equal((await git.git(['cat-file', '-e', sha!], { cwd: dir })).code, 0, `${ref} points at a missing object`);
            }
          }
        } finally {
          await close();
        }
      } finally {
        await server?.stop();
        git.close();
        rmSync(work, { recursive: true, force: true });
        await source.drop();
        await target.drop();
      }
    });
  });
}
