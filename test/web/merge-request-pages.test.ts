import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { assertNoActiveContent } from './html-safety.ts';
import { signedInMember } from './signed-in-member.ts';
import { WebClient, textOf, type WebResponse } from './web-client.ts';

const HOSTILE_BRANCH = 'x"><svg/onload=alert(1)>';
const HOSTILE_TITLE = '<img src=x onerror=alert(2)> Fix "it"';
const HOSTILE_DESCRIPTION = 'See [the guide](docs/guide.md) and <script>alert(3)</script> [click](javascript:alert(4))';

function assertPage(page: WebResponse, status = 200): void {
  assert.equal(page.status, status, page.body.slice(0, 500));
  assert.match(String(page.headers['content-security-policy']), /script-src 'self'; style-src 'self'/);
  assertNoActiveContent(page.body);
}

/** The labels of the submit buttons of a page's POST forms (the comment form aside). */
function buttons(html: string): string[] {
  const main = html.slice(html.indexOf('<main'));
  const forms = [...main.matchAll(/<form method="post" action="([^"]*)"[\s\S]*?<button type="submit"[^>]*>([^<]*)<\/button>/g)];
  return forms.filter((m) => !m[1]!.endsWith('/notes')).map((m) => m[2]!.trim());
}

for (const dialect of DIALECTS) {
  describe(`merge request pages (${dialect})`, () => {
    let f: GitFixture;
    let project: { id: number; path: string };
    let developer: WebClient;
    let reporter: WebClient;
    let maintainer: WebClient;
    let outsider: WebClient;
    let featureHead: string;

    const git = async (dir: string, args: string[]) => {
      const result = await f.cli.git(args, { cwd: dir });
      assert.equal(result.code, 0, result.stderr);
      return result.stdout.trim();
    };
    const api = async (method: string, path: string, body?: Record<string, unknown>) => {
      const res = await f.t.api(method, `/projects/${project.id}${path}`, body === undefined ? {} : { body });
      assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as Record<string, unknown>;
    };
    const open = (source: string, target: string, title: string, description?: string) =>
      api('POST', '/merge_requests', { source_branch: source, target_branch: target, title, ...(description && { description }) });
    const mrPath = (iid: number, tail = '') => `/${project.path}/-/merge_requests/${iid}${tail}`;

    before(async () => {
      f = await startGitFixture(dialect);
      project = await f.createProject('reviews');
      const work = await f.seed(project.path);
      await git(work, ['branch', 'develop']);
      await git(work, ['switch', '--quiet', '-c', 'feature']);
      await f.cli.commit(work, { 'feature.txt': 'line <b>one</b>\n' }, 'Start the <feature>');
      await f.cli.commit(work, { 'feature.txt': 'line <b>one</b>\nline two\n' }, 'Grow the feature');
      featureHead = await git(work, ['rev-parse', 'HEAD']);
      await git(work, ['branch', HOSTILE_BRANCH]);
      await git(work, ['branch', 'to-close']);
      await git(work, ['branch', 'to-release']);
      await git(work, ['switch', '--quiet', 'main']);
      await git(work, ['switch', '--quiet', '-c', 'clash']);
      await f.cli.commit(work, { 'feature.txt': 'something else\n' }, 'Clash');
      await git(work, ['push', '--quiet', 'origin', 'main', 'develop', 'feature', 'clash', 'to-close', 'to-release', HOSTILE_BRANCH]);
      await open('feature', 'develop', HOSTILE_TITLE, HOSTILE_DESCRIPTION); // !1
      await open(HOSTILE_BRANCH, 'main', 'From a hostile branch'); // !2
      await open('to-close', 'develop', 'Draft: not yet'); // !3
      await open('clash', 'feature', 'Clashes'); // !4
      await api('POST', `/statuses/${featureHead}`, { state: 'success', ref: 'feature', name: 'ci/<b>build</b>', target_url: 'https://ci.example/build/1', description: 'Built <fine>' });
      await api('POST', `/statuses/${featureHead}`, { state: 'failed', ref: 'feature', name: 'lint', target_url: 'https://ci.example/lint' });
      // The API refuses other schemes; a row stored before that rule (or by hand) must still be no link.
      await f.t.app.deps.db.updateTable('commit_statuses').set({ target_url: 'javascript:alert(5)' }).where('name', '=', 'lint').execute();
      developer = await signedInMember(f.t, project.id, 'dana', 30);
      reporter = await signedInMember(f.t, project.id, 'remy', 20);
      maintainer = await signedInMember(f.t, project.id, 'mara', 40);
      outsider = await signedInMember(f.t, project.id, 'olli', null);
    });
    after(() => f.close());

    test('the list shows open merge requests with counts per state, author, branches, draft and pipeline badges; hostile text stays text', async () => {
      const page = await reporter.get(`/${project.path}/-/merge_requests`);
      assertPage(page);
      const text = textOf(page.body);
      assert.match(text, /Open 4 .*Merged 0 .*Closed 0 .*All 4/s);
      assert.ok(text.includes(HOSTILE_TITLE), 'the hostile title is shown as text');
      assert.ok(text.includes(`${HOSTILE_BRANCH} → main`), 'the hostile branch is shown as text');
      assert.match(text, /!3 · opened by Administrator/);
      assert.match(text, /Draft: not yet\s+Draft/);
      assert.match(page.body, /<span class="badge ci-status ci-failed"[^>]*>Pipeline failed<\/span>/);
      assert.match(page.body, new RegExp(`href="/${project.path}/-/merge_requests/1"`));
      assert.match(page.body, /<a href="[^"]*\/-\/merge_requests" aria-current="page">Merge requests<\/a>/);
      const merged = await reporter.get(`/${project.path}/-/merge_requests?state=merged`);
      assertPage(merged);
      assert.match(textOf(merged.body), /There are no merged merge requests\./);
    });

    test('the overview renders the description as sanitized Markdown resolved at the source branch, the jobs of the head with http(s) links only, and the readiness', async () => {
      const page = await reporter.get(mrPath(1));
      assertPage(page);
      const text = textOf(page.body);
      assert.ok(text.includes(HOSTILE_TITLE));
      assert.match(page.body, new RegExp(`<a href="/${project.path}/-/blob/feature/docs/guide.md">the guide</a>`));
      assert.ok(page.body.includes('&lt;script>alert(3)&lt;/script>') || page.body.includes('&lt;script&gt;alert(3)&lt;/script&gt;'));
      assert.match(page.body, /<a href="https:\/\/ci.example\/build\/1" rel="noopener noreferrer nofollow">ci\/&lt;b>build&lt;\/b><\/a>/);
      assert.match(page.body, /<td>lint<\/td>/);
      assert.match(text, /Ready to merge/);
      assert.match(text, /Approval is optional/);
      assert.deepEqual(buttons(page.body), [], 'a Reporter gets no buttons');
      assert.match(text, /You are not allowed to merge this merge request/);
    });

    test('buttons follow the role and the state: Developer merges into an unprotected branch but not into the protected main, Maintainer may; drafts and conflicts say why', async () => {
      const dev = await developer.get(mrPath(1));
      assertPage(dev);
      assert.deepEqual(buttons(dev.body), ['Merge', 'Approve', 'Close merge request']);
      const protectedTarget = await developer.get(mrPath(2));
      assertPage(protectedTarget);
      assert.deepEqual(buttons(protectedTarget.body), ['Approve', 'Close merge request']);
      assert.ok(textOf(protectedTarget.body).includes(HOSTILE_BRANCH));
      const asMaintainer = await maintainer.get(mrPath(2));
      assert.deepEqual(buttons(asMaintainer.body), ['Merge', 'Approve', 'Close merge request']);
      const draft = await maintainer.get(mrPath(3));
      assert.match(textOf(draft.body), /Draft: this merge request cannot be merged/);
      assert.deepEqual(buttons(draft.body), ['Approve', 'Close merge request']);
      const clash = await maintainer.get(mrPath(4));
      assert.match(textOf(clash.body), /Merge conflicts/);
      assert.ok(!buttons(clash.body).includes('Merge'));
    });

    test('the diffs and commits pages show the changes since the merge base, escaped', async () => {
      const diffs = await reporter.get(mrPath(1, '/diffs'));
      assertPage(diffs);
      assert.match(textOf(diffs.body), /feature\.txt/);
      assert.ok(diffs.body.includes('&lt;b>one&lt;/b>') || diffs.body.includes('&lt;b&gt;one&lt;/b&gt;'));
      assert.ok(!diffs.body.includes('README.md'), 'only the merge request\'s changes');
      assert.match(diffs.body, /aria-current="page">Changes 1</);
      const commits = await reporter.get(mrPath(1, '/commits'));
      assertPage(commits);
      const text = textOf(commits.body);
      assert.match(text, /Grow the feature.*Start the <feature>/s);
      assert.ok(!text.includes('Initial commit'));
      assert.match(commits.body, /aria-current="page">Commits 2</);
    });

    test('notes: a comment form posts through the notes service, Markdown rendered and hostile HTML as text; threads show their resolved state; blank and outsider comments are refused', async () => {
      await reporter.get(mrPath(1));
      const posted = await reporter.post(mrPath(1, '/notes'), { body: 'Looks **good** <script>alert(6)</script> [x](javascript:alert(7))' });
      assert.equal(posted.status, 303, posted.body.slice(0, 300));
      assert.equal(posted.headers.location, `${mrPath(1)}?notice=commented#notes`);
      const thread = await api('POST', '/merge_requests/1/discussions', { body: 'Please rename <b>this</b>' });
      await api('POST', `/merge_requests/1/discussions/${thread.id as string}/notes`, { body: 'Done.' });
      let page = await developer.get(mrPath(1));
      assertPage(page);
      assert.match(page.body, /Looks <strong>good<\/strong>/);
      assert.ok(page.body.includes('&lt;script&gt;alert(6)&lt;/script&gt;') || page.body.includes('&lt;script>alert(6)&lt;/script>'));
      const text = textOf(page.body);
      assert.match(text, /remy .*Looks good.*Unresolved thread.*Administrator .*Please rename <b>this<\/b>.*Done\./s);
      await api('PUT', `/merge_requests/1/discussions/${thread.id as string}`, { resolved: true });
      page = await developer.get(mrPath(1));
      assert.match(textOf(page.body), /Resolved .*Please rename/s);
      const blank = await developer.post(mrPath(1, '/notes'), { body: '   ' });
      assertPage(blank, 400);
      assert.match(textOf(blank.body), /can't be blank/);
      await outsider.get(`/${project.path}/-/merge_requests`);
      assertPage(await outsider.post(mrPath(1, '/notes'), { body: 'let me in' }), 404);
      const notes = (await f.t.api('GET', `/projects/${project.id}/merge_requests/1/notes`)).body as Array<{ body: string }>;
      assert.ok(!notes.some((note) => note.body === 'let me in' || note.body.trim() === ''));
    });

    test('a Reporter\'s forged merge, close and approve forms are refused by the services; nothing changes', async () => {
      await reporter.get(mrPath(1));
      for (const action of ['merge', 'close', 'approve']) {
        const res = await reporter.post(mrPath(1, `/${action}`), {});
        assertPage(res, 403);
        assert.match(textOf(res.body), /You don't have permission to do that\./);
      }
      const shown = await api('GET', '/merge_requests/1');
      assert.equal(shown.state, 'opened');
      const noToken = await developer.post(mrPath(1, '/close'), {}, { csrf: null });
      assert.equal(noToken.status, 403);
      assert.equal((await api('GET', '/merge_requests/1')).state, 'opened');
    });

    test('a Developer on a protected target is refused the merge form (the service decides), a Maintainer merges it', async () => {
      await developer.get(mrPath(2));
      const refused = await developer.post(mrPath(2, '/merge'), {});
      assertPage(refused, 403);
      assert.equal((await api('GET', '/merge_requests/2')).state, 'opened');
      await maintainer.get(mrPath(2));
      const merged = await maintainer.post(mrPath(2, '/merge'), { should_remove_source_branch: '1' });
      assert.equal(merged.status, 303, merged.body.slice(0, 300));
      assert.equal(merged.headers.location, `${mrPath(2)}?notice=merged`);
      assert.equal((await api('GET', '/merge_requests/2')).state, 'merged');
      const page = await maintainer.get(String(merged.headers.location));
      assertPage(page);
      assert.match(textOf(page.body), /The merge request was merged\./);
      assert.match(textOf(page.body), /Merged/);
      assert.deepEqual(buttons(page.body), []);
    });

    test('a Developer approves, merges and closes through the forms; a closed one reopens', async () => {
      await developer.get(mrPath(1));
      const approved = await developer.post(mrPath(1, '/approve'), {});
      assert.equal(approved.status, 303);
      const afterApproval = await developer.get(mrPath(1));
      assert.match(textOf(afterApproval.body), /Approved by dana/);
      assert.deepEqual(buttons(afterApproval.body), ['Merge', 'Revoke approval', 'Close merge request']);
      const stale = await developer.post(mrPath(1, '/merge'), { sha: '0'.repeat(40) });
      assertPage(stale, 409);
      const merged = await developer.post(mrPath(1, '/merge'), { sha: featureHead, squash: '1' });
      assert.equal(merged.status, 303, merged.body.slice(0, 300));
      const mr = await api('GET', '/merge_requests/1');
      assert.equal(mr.state, 'merged');
      assert.ok(typeof mr.squash_commit_sha === 'string');
      const list = await developer.get(`/${project.path}/-/merge_requests?state=merged`);
      assert.ok(textOf(list.body).includes(HOSTILE_TITLE));

      await developer.get(mrPath(3));
      const closed = await developer.post(mrPath(3, '/close'), {});
      assert.equal(closed.status, 303);
      const page = await developer.get(`${mrPath(3)}?notice=closed`);
      assert.match(textOf(page.body), /The merge request was closed\./);
      assert.deepEqual(buttons(page.body), ['Reopen merge request']);
      const counts = textOf((await developer.get(`/${project.path}/-/merge_requests?state=all`)).body);
      assert.match(counts, /Open 1 .*Merged 2 .*Closed 1 .*All 4/s);
      assert.equal((await developer.post(mrPath(3, '/reopen'), {})).status, 303);
      assert.equal((await api('GET', '/merge_requests/3')).state, 'opened');
    });

    test('a private project\'s merge requests: 404 for outsiders and unknown ids, sign-in for visitors, and no Merge requests tab for a Guest', async () => {
      for (const path of [`/${project.path}/-/merge_requests`, mrPath(1), mrPath(1, '/diffs'), mrPath(1, '/commits')]) {
        const hidden = await outsider.get(path);
        assertPage(hidden, 404);
        assert.ok(!hidden.body.includes('Fix &quot;it&quot;') && !hidden.body.includes('Fix "it"'));
        const visitor = await new WebClient(f.t).get(path);
        assert.equal(visitor.status, 303);
      }
      await outsider.get(`/${project.path}/-/merge_requests`);
      const forged = await outsider.post(mrPath(4, '/close'), {});
      assertPage(forged, 404);
      assert.equal((await api('GET', '/merge_requests/4')).state, 'opened');
      assertPage(await reporter.get(mrPath(99)), 404);
      assertPage(await reporter.get(mrPath(1, '/nope')), 404);
      const guest = await signedInMember(f.t, project.id, 'gina', 10);
      const overview = await guest.get(`/${project.path}`);
      assert.equal(overview.status, 200);
      assert.ok(!overview.body.includes('>Merge requests<'));
      assertPage(await guest.get(`/${project.path}/-/merge_requests`), 403);
    });
  });
}
