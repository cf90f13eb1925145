import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiCall, startLatchkey, type LatchkeyProcess } from '../helpers/latchkey-process.ts';
import { openDatabase } from '../../src/db/database.ts';
import { repositoryPath } from '../../src/git/repository-path.ts';
import { GitCli, httpUrl } from '../git/git-cli.ts';
import { createTestDatabase, DIALECTS } from '../helpers/databases.ts';
import { brokenInvariants } from '../helpers/invariants.ts';

const CRASHES = Number(process.env.LATCHKEY_CRASH_ROUNDS ?? 8);

/** Token traffic that keeps going until the server dies under it; every failure is expected then. */
async function traffic(server: LatchkeyProcess, rootToken: string, projectId: number, stop: { done: boolean }): Promise<void> {
  const worker = async (n: number) => {
    let i = 0;
    while (!stop.done) {
      i += 1;
      try {
        const created = await apiCall(server.url, rootToken, 'POST', `/projects/${projectId}/access_tokens`, {
          name: `w${n}-${i}`,
          scopes: ['api'],
          access_level: 30,
        });
        // The bot writes, so a later revoke has records to move to the ghost user.
        const issue = await apiCall(server.url, created.token, 'POST', `/projects/${projectId}/issues`, { title: `by bot ${i}` });
        await apiCall(server.url, created.token, 'POST', `/projects/${projectId}/issues/${issue.iid}/notes`, { body: 'note' });
        const rotated = await apiCall(server.url, rootToken, 'POST', `/projects/${projectId}/access_tokens/${created.id}/rotate`);
        if (i % 2 === 1) await apiCall(server.url, rootToken, 'DELETE', `/projects/${projectId}/access_tokens/${rotated.id}`);
      } catch {
        if (stop.done) return;
      }
    }
  };
  await Promise.all([worker(1), worker(2), worker(3)]);
}

/** What the pusher saw: pushes the server acknowledged, the last of them, and pushes that failed while the server was up. */
interface PushLog {
  acknowledged: number;
  lastAcknowledged: string | null;
  unexpected: string[];
}

/**
 * Commits and pushes over HTTP (a write_repository project token as the Basic password) in a loop
 * until the server dies under it. Every few commits carry enough files that receive-pack keeps a
 * pack instead of loose objects, so both ways of storing a push are crashed into. A push that
 * fails once the server is killed is expected: its commits ride along with the next push.
 */
async function pusher(
  server: LatchkeyProcess,
  git: GitCli,
  clone: string,
  projectPath: string,
  token: string,
  round: number,
  stop: { done: boolean },
  log: PushLog,
): Promise<void> {
  let i = 0;
  while (!stop.done) {
    i += 1;
    const files: Record<string, string> = { [`rounds/${round}/${i}.txt`]: `round ${round}, push ${i}, ${Math.random()}\n` };
    if (i % 4 === 1) for (let n = 0; n < 110; n++) files[`packs/${round}-${i}/${n}.txt`] = `file ${n} of push ${i} in round ${round}, ${Math.random()}\n`;
    await git.commit(clone, files, `round ${round} push ${i}`);
    const push = await git.git(['push', '--quiet', httpUrl(server.url, projectPath, token), 'HEAD:refs/heads/main'], { cwd: clone });
    if (push.code === 0) {
      log.acknowledged += 1;
      log.lastAcknowledged = (await git.git(['rev-parse', 'HEAD'], { cwd: clone })).stdout.trim();
    } else if (!server.child.killed) {
      // Not killed yet when git gave up: the failure is not the crash's doing.
      log.unexpected.push(`round ${round} push ${i} (exit ${push.code}): ${push.stderr.trim()}`);
    }
  }
}

for (const dialect of DIALECTS) {
  describe(`crash consistency (${dialect})`, () => {
    test(`SIGKILL at random moments during create/rotate/revoke/push traffic never breaks an invariant (${CRASHES} crashes)`, async () => {
      const database = await createTestDatabase(dialect);
      const env: Record<string, string> = database.database.dialect === 'postgres' ? { LATCHKEY_DATABASE_URL: database.database.url } : {};
      let server: LatchkeyProcess | undefined;
      const git = new GitCli();
      try {
        server = await startLatchkey(env, { dataDir: database.dataDir });
        const rootToken = await server.cli(['token', 'create', '--user', 'root', '--name', 'crash', '--scopes', 'api']);
        const project = await apiCall(server.url, rootToken, 'POST', '/projects', { name: 'crashy' });
        const pushToken = await apiCall(server.url, rootToken, 'POST', `/projects/${project.id}/access_tokens`, {
          name: 'pusher',
          scopes: ['write_repository'],
          access_level: 40, // a Maintainer: it pushes to main, which is protected
        });
        const clone = git.dir('pusher');
        const init = await git.git(['init', '--quiet'], { cwd: clone });
        assert.equal(init.code, 0, init.stderr);
        const pushes: PushLog = { acknowledged: 0, lastAcknowledged: null, unexpected: [] };
        for (let crash = 0; crash < CRASHES; crash++) {
          const stop = { done: false };
          const load = Promise.all([
            traffic(server, rootToken, project.id, stop),
            pusher(server, git, clone, project.path_with_namespace, pushToken.token, crash + 1, stop, pushes),
          ]);
          await new Promise((r) => setTimeout(r, 300 + Math.random() * 700));
          // Until a first push has landed, the crash waits for it (a loaded machine may need more
          // than a second), so the later fscks surely check objects; after that, crashes are random.
          for (const deadline = Date.now() + 20_000; pushes.acknowledged === 0 && Date.now() < deadline; ) {
            await new Promise((r) => setTimeout(r, 50));
          }
          await server.crash();
          stop.done = true;
          await load;
          server = await startLatchkey(env, { dataDir: database.dataDir });
          const { db, close } = openDatabase(database.database);
          try {
            assert.deepEqual(await brokenInvariants(db, dialect, database.dataDir), [], `after crash ${crash + 1}`);
          } finally {
            await close();
          }
        }
        assert.deepEqual(pushes.unexpected, [], 'a push failed while the server was up');
        // Pushes really landed, so every `git fsck` above checked objects, not an empty repository;
        // and no acknowledged push was lost to a crash.
        assert.ok(pushes.acknowledged > 0, 'no push was ever acknowledged');
        const branches = await apiCall(server.url, rootToken, 'GET', `/projects/${project.id}/repository/branches`);
        assert.deepEqual(
          branches.map((b: { name: string }) => b.name),
          ['main'],
        );
        const bare = repositoryPath(database.dataDir, project.id);
        const kept = await git.git(['--git-dir', bare, 'merge-base', '--is-ancestor', pushes.lastAcknowledged!, 'refs/heads/main']);
        assert.equal(kept.code, 0, `the last acknowledged push (${pushes.lastAcknowledged}) is not in main: ${kept.stderr}`);
        const commits = await git.git(['--git-dir', bare, 'rev-list', '--count', 'refs/heads/main']);
        assert.ok(Number(commits.stdout) >= pushes.acknowledged, `main has ${commits.stdout.trim()} commits, ${pushes.acknowledged} pushes were acknowledged`);
        // The traffic really ran (tokens made, rotated, revoked; bot records moved to the ghost
        // user), and the service still works after all that.
        const all = await apiCall(server.url, rootToken, 'GET', `/projects/${project.id}/access_tokens?per_page=100`);
        assert.ok(all.length > CRASHES, `only ${all.length} tokens were created`);
        assert.ok(all.some((t: { revoked: boolean }) => t.revoked), 'no token was revoked');
        const { db, close } = openDatabase(database.database);
        try {
          const ghostIssues = await db
            .selectFrom('issues')
            .innerJoin('users', 'users.id', 'issues.author_id')
            .select('issues.id')
            .where('users.user_type', '=', 'ghost')
            .execute();
          assert.ok(ghostIssues.length > 0, 'no record moved to the ghost user');
        } finally {
          await close();
        }
      } finally {
        await server?.stop();
        await database.drop();
        git.close();
      }
    });
  });
}
