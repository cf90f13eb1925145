import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { UserPrincipal } from '../../src/domain/principal.ts';
import { findUserByUsername } from '../../src/db/repositories/users.ts';
import { findMergeRequest, insertMergeRequest, takeNextMergeRequestIid } from '../../src/db/repositories/merge-requests.ts';
import type { MergeMethod } from '../../src/db/schema.ts';
import { repositoryPath } from '../../src/git/repository-path.ts';
import { runGit } from '../../src/git/run-git.ts';
import { mergeMergeRequest } from '../../src/services/merge-requests/merge-merge-request.ts';
import { rebaseMergeRequest, REBASE_FAILED } from '../../src/services/merge-requests/rebase-merge-request.ts';
import { refreshMergeRequest } from '../../src/services/merge-requests/refresh-merge-request.ts';
import { updateMergeRequest } from '../../src/services/merge-requests/update-merge-request.ts';
import { AppError } from '../../src/domain/errors.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { httpUrl } from './git-cli.ts';
import { startGitFixture, type GitFixture } from './git-fixture.ts';

// Merging in the bare repository (merge commit, fast-forward, semi-linear, squash), rebasing, and
// merge requests following pushes, through the merge services with real git on both dialects.

for (const dialect of DIALECTS) {
  describe(`merging merge requests in the bare repository (${dialect})`, () => {
    let f: GitFixture;
    let project: { id: number; path: string };
    let work: string;
    let dir: string;
    let root: UserPrincipal;

    const git = async (...args: string[]) => {
      const result = await f.cli.git(args, { cwd: work });
      if (result.code !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
      return result.stdout.trim();
    };
    const bare = async (...args: string[]) => (await runGit(args, { cwd: dir })).toString('utf8').trim();
    const tip = (branch: string) => bare('rev-parse', `refs/heads/${branch}`);

    /** A branch off `from` (pushed) with one commit of `files`. */
    async function branch(name: string, files: Record<string, string>, from = 'origin/main'): Promise<string> {
      await git('checkout', '-q', '-B', name, from);
      await f.cli.commit(work, files, `${name}: ${Object.keys(files).join(', ')}`);
      await git('push', '-q', '-f', 'origin', name);
      return git('rev-parse', 'HEAD');
    }

    async function open(source: string, target = 'main', title = `Merge ${source}`) {
      const now = f.t.clock.now().toISOString();
      const iid = await takeNextMergeRequestIid(f.t.app.deps.db, project.id);
      const row = await insertMergeRequest(f.t.app.deps.db, {
        project_id: project.id,
        iid,
        title,
        description: null,
        state: 'opened',
        source_branch: source,
        target_branch: target,
        author_id: root.user.id,
        created_at: now,
        updated_at: now,
      });
      return refreshMergeRequest(f.t.app.deps.db, dir, row);
    }

    const setMethod = (method: MergeMethod, squash: 'default_off' | 'always' = 'default_off') =>
      f.t.app.deps.db.updateTable('projects').set({ merge_method: method, squash_option: squash }).where('id', '=', project.id).execute();
    const merge = (iid: number, input: Partial<Parameters<typeof mergeMergeRequest>[2]> = {}) =>
      mergeMergeRequest(f.t.app.deps, root, { project: String(project.id), iid, ...input });
    const refusal = async (promise: Promise<unknown>) => {
      try {
        await promise;
      } catch (error) {
        if (error instanceof AppError) return [error.details.verbatim?.status ?? error.code, error.message];
        throw error;
      }
      return 'merged';
    };

    before(async () => {
      f = await startGitFixture(dialect);
      project = await f.createProject('merging');
      work = await f.seed(project.path);
      await git('remote', 'set-url', 'origin', httpUrl(f.baseUrl, project.path, f.t.rootToken));
      dir = repositoryPath(f.t.config.dataDir, project.id);
      const user = (await findUserByUsername(f.t.app.deps.db, 'root'))!;
      root = { kind: 'user', via: 'cli', user: { id: user.id, username: user.username, name: user.name, userType: 'human', isAdmin: true } };
    });
    after(() => f.close());

    test('merge: a merge commit with GitLab\'s message on the target, the source branch removed when asked, event accepted', async () => {
      await setMethod('merge');
      const head = await branch('feature', { 'feature.txt': 'feature\n' });
      await git('fetch', '-q');
      const mainBefore = await branch('main', { 'main.txt': 'moved on\n' }); // the target moved: a true merge
      const mr = await open('feature', 'main', 'Add the feature');
      const merged = await merge(mr.iid, { sha: head, shouldRemoveSourceBranch: true });
      assert.equal(merged.state, 'merged');
      assert.equal(merged.merge_user_id, root.user.id);
      const mainNow = await tip('main');
      assert.equal(merged.merge_commit_sha, mainNow);
      assert.equal(await bare('rev-parse', `${mainNow}^1`), mainBefore);
      assert.equal(await bare('rev-parse', `${mainNow}^2`), head);
      assert.equal(await bare('log', '-1', '--format=%B', mainNow), `Merge branch 'feature' into 'main'\n\nAdd the feature\n\nSee merge request root/merging!${mr.iid}`);
      await assert.rejects(tip('feature'), 'the source branch is gone');
      const events = await f.t.app.deps.db.selectFrom('events').select(['action_name', 'target_type', 'target_iid']).where('project_id', '=', project.id).execute();
      assert.ok(events.some((e) => e.action_name === 'accepted' && e.target_type === 'MergeRequest' && e.target_iid === mr.iid));
      assert.ok(events.some((e) => e.action_name === 'pushed to'), 'the target moved as a push');
      assert.deepEqual(await refusal(merge(mr.iid)), [405, '405 Method Not Allowed'], 'a merged one is not merged again');
    });

    test('a stale sha is 409; conflicts and drafts are 405; nothing moves', async () => {
      await setMethod('merge');
      await git('fetch', '-q');
      const head = await branch('stale', { 'stale.txt': 'one\n' });
      const mr = await open('stale');
      const before = await tip('main');
      assert.deepEqual(await refusal(merge(mr.iid, { sha: '0'.repeat(40) })), [409, `SHA does not match HEAD of source branch: ${head}`]);
      await branch('clash-a', { 'clash.txt': 'a\n' });
      await branch('clash-b', { 'clash.txt': 'b\n' });
      await merge((await open('clash-a')).iid);
      const clash = await open('clash-b');
      assert.equal(clash.merge_status, 'cannot_be_merged');
      assert.deepEqual(await refusal(merge(clash.iid)), [405, '405 Method Not Allowed']);
      const draft = await open('stale', 'main', 'Draft: not yet');
      assert.deepEqual(await refusal(merge(draft.iid)), [405, '405 Method Not Allowed']);
      assert.notEqual(await tip('main'), before);
      assert.equal((await findMergeRequest(f.t.app.deps.db, project.id, mr.iid))!.state, 'opened');
      assert.equal(await tip('stale'), head);
    });

    test('a merge whose process died leaves its merge request locked: 405 while the lock is fresh, merged by a retry once it is stale', async () => {
      await setMethod('merge');
      await git('fetch', '-q');
      await branch('crashed', { 'crashed.txt': 'crash\n' });
      const mr = await open('crashed');
      const lockAt = (iid: number) =>
        f.t.app.deps.db.updateTable('merge_requests').set({ state: 'locked', updated_at: f.t.clock.now().toISOString() }).where('project_id', '=', project.id).where('iid', '=', iid).execute();
      await lockAt(mr.iid); // the merge locked it, then the process died before unlocking
      assert.deepEqual(await refusal(merge(mr.iid)), [405, '405 Method Not Allowed'], 'a fresh lock is a merge still running');
      const close = await updateMergeRequest(f.t.app.deps, root, { project: String(project.id), iid: mr.iid, stateEvent: 'close', links: {} });
      assert.equal(close.mergeRequest.state, 'locked', 'a merge request being merged is not closed under its merge (GitLab ignores the close)');
      f.t.clock.advance(11 * 60_000);
      const merged = await merge(mr.iid);
      assert.equal(merged.state, 'merged');
      assert.equal(merged.merge_commit_sha, await tip('main'));

      // Died after moving the target: the retry finds the head in the target and records it merged, no second merge commit.
      await git('fetch', '-q');
      const head = await branch('half-done', { 'half.txt': 'half\n' });
      const half = await open('half-done');
      await lockAt(half.iid);
      await bare('update-ref', 'refs/heads/main', head);
      f.t.clock.advance(11 * 60_000);
      assert.deepEqual(await refusal(merge(half.iid)), [405, '405 Method Not Allowed']);
      assert.equal((await findMergeRequest(f.t.app.deps.db, project.id, half.iid))!.state, 'merged');
      assert.equal(await tip('main'), head);
    });

    test('ff: the target fast-forwards to the source; a source behind the target is 405 until rebased', async () => {
      await setMethod('ff');
      await git('fetch', '-q');
      const head = await branch('fast', { 'fast.txt': 'fast\n' });
      const merged = await merge((await open('fast')).iid);
      assert.equal(await tip('main'), head);
      assert.equal(merged.merge_commit_sha, null);
      await branch('behind', { 'behind.txt': 'behind\n' }, `${head}~1`);
      const mr = await open('behind');
      assert.deepEqual(await refusal(merge(mr.iid)), [405, '405 Method Not Allowed']);
      const rebased = await rebaseMergeRequest(f.t.app.deps, root, { project: String(project.id), iid: mr.iid });
      assert.equal(rebased.merge_error, null);
      const newHead = await tip('behind');
      assert.equal(await bare('rev-parse', `${newHead}~1`), head, 'replayed on the target tip');
      assert.equal(await bare('log', '-1', '--format=%an %s', newHead), 'Test Pusher behind: behind.txt', 'the author and message kept');
      const after = await findMergeRequest(f.t.app.deps.db, project.id, mr.iid);
      assert.equal(after!.head_sha, newHead, 'the merge request followed the push of the rebase');
      await merge(mr.iid);
      assert.equal(await tip('main'), newHead);
    });

    test('rebase_merge: a merge commit, but only over the target tip; rebase conflicts set merge_error', async () => {
      await setMethod('rebase_merge');
      await git('fetch', '-q');
      const head = await branch('semi', { 'semi.txt': 'semi\n' });
      const main = await tip('main');
      await merge((await open('semi')).iid);
      const now = await tip('main');
      assert.deepEqual([await bare('rev-parse', `${now}^1`), await bare('rev-parse', `${now}^2`)], [main, head]);
      await branch('semi-clash', { 'semi.txt': 'other\n' }, main);
      const mr = await open('semi-clash');
      assert.deepEqual(await refusal(merge(mr.iid)), [405, '405 Method Not Allowed']);
      const failed = await rebaseMergeRequest(f.t.app.deps, root, { project: String(project.id), iid: mr.iid });
      assert.equal(failed.merge_error, REBASE_FAILED);
    });

    test('squash: one commit with the title as message, then merged per the method', async () => {
      await setMethod('ff');
      await git('fetch', '-q');
      await branch('squashy', { 'one.txt': '1\n' });
      await f.cli.commit(work, { 'two.txt': '2\n' }, 'second');
      await git('push', '-q', 'origin', 'squashy');
      const main = await tip('main');
      const merged = await merge((await open('squashy', 'main', 'One and two')).iid, { squash: true });
      const now = await tip('main');
      assert.equal(merged.squash_commit_sha, now);
      assert.equal(await bare('rev-parse', `${now}~1`), main);
      assert.equal(await bare('log', '-1', '--format=%s', now), 'One and two');
      assert.equal(await bare('ls-tree', '--name-only', now, 'one.txt', 'two.txt'), 'one.txt\ntwo.txt');
    });

    test('two merges into one branch at once: both land, the second rebuilt on the first', async () => {
      await setMethod('merge');
      await git('fetch', '-q');
      const a = await branch('race-a', { 'race-a.txt': 'a\n' });
      const b = await branch('race-b', { 'race-b.txt': 'b\n' });
      const [ma, mb] = [await open('race-a'), await open('race-b')];
      const results = await Promise.all([merge(ma.iid), merge(mb.iid)]);
      assert.deepEqual(results.map((r) => r.state), ['merged', 'merged']);
      const main = await tip('main');
      for (const head of [a, b]) await bare('merge-base', '--is-ancestor', head, main);
    });

    test('pushes: the source moving updates sha and diff refs; the source pushed into the target merges it', async () => {
      await setMethod('merge');
      await git('fetch', '-q');
      await branch('pushed', { 'pushed.txt': '1\n' });
      const mr = await open('pushed');
      await f.cli.commit(work, { 'pushed.txt': '2\n' }, 'more');
      await git('push', '-q', 'origin', 'pushed');
      const head = await git('rev-parse', 'HEAD');
      const moved = (await findMergeRequest(f.t.app.deps.db, project.id, mr.iid))!;
      assert.equal(moved.head_sha, head);
      assert.equal(moved.start_sha, await tip('main'));
      await git('push', '-q', 'origin', 'pushed:main');
      const merged = (await findMergeRequest(f.t.app.deps.db, project.id, mr.iid))!;
      assert.equal(merged.state, 'merged');
      assert.ok(merged.merged_at);
    });
  });
}
