import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { ROOT_PASSWORD } from '../helpers/test-app.ts';
import { WebClient, textOf, type WebResponse } from './web-client.ts';

const HOSTILE_TITLE = '<script>alert("title")</script> fix';
const HOSTILE_BODY = '"><img src=x onerror=alert(1)>\n  indented line';
const HOSTILE_FILE = '"><img src=x onerror=alert(2)>.txt';
const HOSTILE_BRANCH = '<script>alert(3)</script>';

/** Nothing the repository holds became markup: no script element, no element with an event handler. */
function assertInert(body: string): void {
  assert.ok(!/<script>alert/i.test(body), 'a <script> element from repository text');
  assert.ok(!/<img[^>]*onerror/i.test(body), 'an <img onerror> element from repository text');
}

function assertPage(res: WebResponse, status = 200): void {
  assert.equal(res.status, status, res.body.slice(0, 500));
  assert.match(String(res.headers['content-security-policy']), /script-src 'self'/);
  assert.match(String(res.headers['content-type']), /^text\/html/);
}

const count = (body: string, text: string): number => body.split(text).length - 1;

for (const dialect of DIALECTS) {
  describe(`web repository history pages (${dialect})`, () => {
    let f: GitFixture;
    let root: WebClient;
    const sha: Record<string, string> = {};
    const base = '/root/history';

    before(async () => {
      f = await startGitFixture(dialect);
      const project = await f.createProject('history');
      const work = await f.seed(project.path);
      const run = async (script: string): Promise<string> => {
        const res = await f.cli.run('sh', ['-c', script], { cwd: work });
        assert.equal(res.code, 0, res.stderr);
        return res.stdout.trim();
      };
      sha.seed = await run('git rev-parse HEAD');
      await run('for i in $(seq 1 44); do echo $i > counter.txt; git add counter.txt; git commit -q -m "step $i"; done');
      await run('echo more >> docs/guide.md && git commit -qam "Guide grows" && git push -q origin main');
      sha.main = await run('git rev-parse HEAD');
      // feature/x: a file added, one deleted, one renamed, a binary one, a mode change, a hostile name and message.
      writeFileSync(path.join(work, 'message.txt'), `${HOSTILE_TITLE}\n\n${HOSTILE_BODY}\n`);
      writeFileSync(path.join(work, HOSTILE_FILE), 'boom\n');
      await run(
        "git checkout -q -b feature/x && printf 'one\\ntwo\\n' > added.txt && git rm -q docs/guide.md && git mv README.md INTRO.md && " +
          "printf '\\000\\001\\002binary' > logo.bin && chmod +x counter.txt && git add -A . ':!message.txt' && git commit -q -F message.txt && git push -q origin feature/x",
      );
      sha.feature = await run('git rev-parse HEAD');
      // big: one file over 200 KB of patch, then more than 1000 files in one commit.
      await run('git checkout -q -b big main && seq 1 50000 > large.txt && echo small > small.txt && git add large.txt small.txt && git commit -q -m large');
      sha.large = await run('git rev-parse HEAD');
      await run('mkdir many && for i in $(seq 1 1001); do echo $i > many/f$i.txt; done && git add many && git commit -q -m many && git push -q origin big');
      sha.many = await run('git rev-parse HEAD');
      // lines: 30,000 one-character lines in a small patch (60 KB), then a small file.
      await run('git checkout -q -b lines main && yes x | head -n 30000 > a-lines.txt && echo small > b-small.txt && git add a-lines.txt b-small.txt && git commit -q -m lines && git push -q origin lines');
      sha.lines = await run('git rev-parse HEAD');
      // merged: main plus a commit of its own, then feature/x merged in with a merge commit.
      await run('git checkout -q -b merged main && echo side > side.txt && git add side.txt && git commit -q -m side && git merge -q --no-ff -m "Merge feature/x" feature/x && git push -q origin merged');
      sha.merge = await run('git rev-parse HEAD');
      sha.side = await run('git rev-parse HEAD^1');
      const hostile = await f.cli.git(['push', '-q', 'origin', `feature/x:refs/heads/${HOSTILE_BRANCH}`], { cwd: work });
      assert.equal(hostile.code, 0, hostile.stderr);
      root = new WebClient(f.t);
      await root.signIn('root', ROOT_PASSWORD);
    });
    after(() => f.close());

    test('a commit of 30,000 one-character lines draws at most 20,000 rows: the file past the limit is collapsed to its links, the next one drawn', async () => {
      const res = await root.get(`${base}/-/commit/${sha.lines}`);
      assertPage(res);
      assert.ok([...res.body.matchAll(/<tr class="diff-/g)].length <= 20_000, 'rows drawn');
      assert.match(textOf(res.body), /Showing 2 changed files with 30001 additions and 0 deletions/);
      assert.match(textOf(res.body), /a-lines\.txt \+30000 −0 This diff is collapsed: a page shows at most 20,000 changed lines\. View file @ /);
      assert.match(res.body, /<tr class="diff-added"><td class="diff-line-number"><\/td><td class="diff-line-number">1<\/td><td class="diff-code"><span class="diff-marker">\+<\/span><code>small<\/code>/);
    });

    test('GET /-/commits/main lists 40 commits a page, grouped by day, each linking to its commit page and its files', async () => {
      const first = await root.get(`${base}/-/commits/main`);
      assertPage(first);
      assert.equal(count(first.body, 'class="commit-item"'), 40);
      assert.match(textOf(first.body), /\d{4}-\d{2}-\d{2} 40 commits/);
      assert.match(first.body, new RegExp(`<a href="${base}/-/commit/${sha.main}"><strong>Guide grows</strong></a>`));
      assert.ok(first.body.includes(`href="${base}/-/tree/${sha.main}"`), 'browse files at the commit');
      assert.ok(first.body.includes(`<code>${sha.main.slice(0, 8)}</code>`));
      assert.match(first.body, /<a href="\/root\/history\/-\/commits\/main\?page=2">Next →<\/a>/);
      assert.ok(!textOf(first.body).includes('Initial commit'));
      const second = await root.get(`${base}/-/commits/main?page=2`);
      assertPage(second);
      assert.equal(count(second.body, 'class="commit-item"'), 6);
      assert.match(textOf(second.body), /Initial commit/);
      assert.ok(second.body.includes('?page=1">← Previous'));
      assert.ok(!second.body.includes('Next →'));
    });

    test('GET /-/commits/<ref>/<path> lists only the commits touching the path, a ref with a slash included', async () => {
      const guide = await root.get(`${base}/-/commits/main/docs/guide.md`);
      assertPage(guide);
      assert.equal(count(guide.body, 'class="commit-item"'), 2);
      assert.match(textOf(guide.body), /On main touching docs\/guide\.md/);
      assert.deepEqual([...guide.body.matchAll(/\/-\/commit\/[0-9a-f]{40}"><strong>([^<]*)<\/strong><\/a>/g)].map((m) => m[1]), ['Guide grows', 'Initial commit']);
      const added = await root.get(`${base}/-/commits/feature/x/added.txt`);
      assertPage(added);
      assert.equal(count(added.body, 'class="commit-item"'), 1);
      assert.match(textOf(added.body), /On feature\/x touching added\.txt/);
    });

    test('GET /-/commits goes to the default branch; an unknown ref is the 404 page', async () => {
      const bare = await root.get(`${base}/-/commits`);
      assert.equal(bare.status, 302);
      assert.equal(bare.headers.location, `${base}/-/commits/main`);
      assertPage(await root.get(`${base}/-/commits/nope`), 404);
      assertPage(await root.get(`${base}/-/commit/${'0'.repeat(40)}`), 404);
      assertPage(await root.get(`${base}/-/commit/--output=x`), 404);
      const traversal = await root.get(`${base}/-/commits/main/docs/..%2F..%2Fconfig`);
      assertPage(traversal, 400);
      assert.match(textOf(traversal.body), /path is invalid/);
    });

    test('GET /-/commit/<sha> shows the message escaped, parents, refs, and each file with its badge, counts and lines', async () => {
      const res = await root.get(`${base}/-/commit/${sha.feature}`);
      assertPage(res);
      assertInert(res.body);
      const text = textOf(res.body);
      assert.ok(res.body.includes('<h1 class="commit-title">&lt;script>alert(&quot;title&quot;)&lt;/script> fix</h1>'));
      assert.match(res.body, /<pre class="commit-message">&quot;>&lt;img src=x onerror=alert\(1\)>\n {2}indented line<\/pre>/);
      assert.match(text, /Author Test Pusher <pusher@example\.com>/);
      assert.ok(res.body.includes(`<a href="${base}/-/commit/${sha.main}"><code>${sha.main.slice(0, 8)}</code></a>`), 'parent link');
      assert.ok(res.body.includes(`href="${base}/-/commits/feature/x"`), 'the branch holding it');
      assert.match(text, /Showing 6 changed files with 3 additions and 2 deletions/);
      assert.match(text, /added added\.txt \+2 −0/);
      assert.match(text, /deleted docs\/guide\.md \+0 −2/);
      assert.match(text, /renamed README\.md → INTRO\.md \+0 −0 File moved without changes\./);
      assert.match(text, /added logo\.bin \+0 −0 Binary files differ\./);
      assert.match(text, /mode changed counter\.txt \+0 −0 File mode changed from 100644 to 100755\./);
      assert.match(text, /added "><img src=x onerror=alert\(2\)>\.txt \+1 −0/);
      assert.equal(count(res.body, '<details open class="diff-file"'), 6);
      // The added file's lines: a hunk header, then numbered + rows.
      assert.match(res.body, /<td class="diff-code">@@ -0,0 \+1,2 @@<\/td>/);
      assert.match(res.body, /<tr class="diff-added"><td class="diff-line-number"><\/td><td class="diff-line-number">2<\/td><td class="diff-code"><span class="diff-marker">\+<\/span><code>two<\/code>/);
      assert.match(res.body, /<tr class="diff-removed"><td class="diff-line-number">2<\/td><td class="diff-line-number"><\/td><td class="diff-code"><span class="diff-marker">-<\/span><code>more<\/code>/);
      assert.ok(res.body.includes(`href="${base}/-/raw/${sha.feature}/logo.bin"`), 'binary file offered raw');
    });

    test('GET /-/commit/<sha> of a root commit diffs against nothing; a large file and too many files say so', async () => {
      const rootCommit = await root.get(`${base}/-/commit/${sha.seed}`);
      assertPage(rootCommit);
      assert.match(textOf(rootCommit.body), /Parents? None \(a root commit\)/);
      assert.match(textOf(rootCommit.body), /Showing 2 changed files with 2 additions and 0 deletions/);
      const large = await root.get(`${base}/-/commit/${sha.large}`);
      assertPage(large);
      assert.match(textOf(large.body), /added large\.txt \+0 −0 This diff is too large to display\. View file @ [0-9a-f]{8} · Raw/);
      assert.ok(large.body.includes(`href="${base}/-/blob/${sha.large}/large.txt"`));
      assert.ok(large.body.includes('<code>small</code>'));
      const many = await root.get(`${base}/-/commit/${sha.many}`);
      assertPage(many);
      assert.match(textOf(many.body), /Too many changes to show\. To preserve performance only 1000 files are displayed\./);
      assert.equal(count(many.body, '<details open class="diff-file"'), 1000);
    });

    test('GET /-/commit/<sha> of a merge commit shows both parents and the changes against the first', async () => {
      const res = await root.get(`${base}/-/commit/${sha.merge}`);
      assertPage(res);
      const text = textOf(res.body);
      assert.match(text, new RegExp(`Parents ${sha.side.slice(0, 8)} ${sha.feature.slice(0, 8)}`));
      assert.match(text, new RegExp(`the changes are shown against its first parent, ${sha.side.slice(0, 8)}`));
      assert.match(text, /Showing 6 changed files/);
      assert.ok(!text.includes('side.txt'), 'the first parent\'s own change is not in the diff');
    });

    test('GET /-/compare/<from>...<to> lists the commits and changes of to since from, with a swap link, or says there is nothing to compare', async () => {
      const res = await root.get(`${base}/-/compare/main...feature/x`);
      assertPage(res);
      assertInert(res.body);
      assert.equal(count(res.body, 'class="commit-item"'), 1);
      assert.match(textOf(res.body), /Commits \(1\)/);
      assert.match(textOf(res.body), /Showing 6 changed files/);
      assert.ok(res.body.includes(`href="${base}/-/compare/feature/x...main"`), 'swap link');
      assert.match(res.body, /<input id="compare-to" name="to" value="feature\/x"/);
      const back = await root.get(`${base}/-/compare/feature/x...main`);
      assertPage(back);
      // feature/x starts at main's tip: main holds nothing feature/x lacks.
      assert.match(textOf(back.body), /There isn't anything to compare\. main has no changes that are not in feature\/x/);
      const same = await root.get(`${base}/-/compare/main...${sha.main}`);
      assertPage(same);
      assert.match(textOf(same.body), /There isn't anything to compare\. main and [0-9a-f]{40} are the same\./);
    });

    test('GET /-/compare shows the form; submitted by GET it goes to /-/compare/<from>...<to>; a bad ref says which, with 404', async () => {
      const form = await root.get(`${base}/-/compare`);
      assertPage(form);
      assert.match(form.body, /<form method="get" action="\/root\/history\/-\/compare"/);
      assert.match(form.body, /<option value="feature\/x"/);
      const submitted = await root.get(`${base}/-/compare?from=main&to=${encodeURIComponent('feature/x')}`);
      assert.equal(submitted.status, 302);
      assert.equal(submitted.headers.location, `${base}/-/compare/main...feature/x`);
      const bad = await root.get(`${base}/-/compare/main...no-such-branch`);
      assertPage(bad, 404);
      assert.match(textOf(bad.body), /No branch, tag or commit is named "no-such-branch"\./);
      const option = await root.get(`${base}/-/compare/--upload-pack=x...main`);
      assertPage(option, 404);
      assert.match(textOf(option.body), /No branch, tag or commit is named "--upload-pack=x"\./);
      assertPage(await root.get(`${base}/-/compare/main`), 404);
    });

    test('a hostile branch name is shown as text on the commits and compare pages', async () => {
      const encoded = encodeURIComponent(HOSTILE_BRANCH).replaceAll('%2F', '/');
      const commits = await root.get(`${base}/-/commits/${encoded}`);
      assertPage(commits);
      assertInert(commits.body);
      assert.match(textOf(commits.body), /On <script>alert\(3\)<\/script>/);
      const compare = await root.get(`${base}/-/compare/main...${encoded}`);
      assertPage(compare);
      assertInert(compare.body);
      assert.ok(compare.body.includes('value="&lt;script>alert(3)&lt;/script>"'));
    });

    test('a private project\'s history pages: sign-in for visitors, 404 for outsiders and a Guest (who may not read the code)', async () => {
      const visitor = new WebClient(f.t);
      for (const page of ['/-/commits/main', `/-/commit/${sha.main}`, '/-/compare/main...feature/x', '/-/compare']) {
        const res = await visitor.get(`${base}${page}`);
        assert.equal(res.status, 303, page);
        assert.match(String(res.headers.location), /^\/users\/sign_in\?redirect_to=/);
      }
      await f.t.createUser('outsider');
      const guest = await f.t.createUser('guest');
      const project = (await f.t.api('GET', '/projects/root%2Fhistory')).body;
      await f.t.api('POST', `/projects/${project.id}/members`, { body: { user_id: guest.id, access_level: 10 } });
      const outsiderWeb = new WebClient(f.t);
      await outsiderWeb.signIn('outsider', 'password-123');
      const guestWeb = new WebClient(f.t);
      await guestWeb.signIn('guest', 'password-123');
      for (const page of ['/-/commits/main', `/-/commit/${sha.main}`, '/-/compare/main...feature/x']) {
        const hidden = await outsiderWeb.get(`${base}${page}`);
        assertPage(hidden, 404);
        assert.ok(!hidden.body.includes('Guide grows'));
        const denied = await guestWeb.get(`${base}${page}`);
        assertPage(denied, 404);
        assert.ok(!denied.body.includes('Guide grows'));
      }
    });

    test('a public project\'s history pages are open to signed-out visitors', async () => {
      const project = (await f.t.api('GET', '/projects/root%2Fhistory')).body;
      assert.equal((await f.t.api('PUT', `/projects/${project.id}`, { body: { visibility: 'public' } })).status, 200);
      const visitor = new WebClient(f.t);
      for (const page of ['/-/commits/main', `/-/commit/${sha.main}`, '/-/compare/main...feature/x', '/-/compare']) {
        const res = await visitor.get(`${base}${page}`);
        assertPage(res);
        assert.match(textOf(res.body), /Sign in/, page);
      }
    });
  });
}
