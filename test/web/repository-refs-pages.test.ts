import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { insertReleaseLinks } from '../../src/db/repositories/releases.ts';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { assertNoActiveContent } from './html-safety.ts';
import { signedInMember } from './signed-in-member.ts';
import { WebClient, textOf } from './web-client.ts';

const HOSTILE_BRANCH = 'x"><svg/onload=alert(1)>';
const HOSTILE_TAG = 't"><img/src=x/onerror=alert(2)>';

/** The rows of a page's table, keyed by their data attribute (`data-branch`, `data-tag`). */
function rows(html: string, tableId: string, key: string): Map<string, string> {
  const table = new RegExp(`<table[^>]*id="${tableId}"[^>]*>([\\s\\S]*?)</table>`).exec(html);
  const decode = (value: string) => value.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return new Map([...(table?.[1] ?? '').matchAll(new RegExp(`<tr ${key}="([^"]*)">([\\s\\S]*?)</tr>`, 'g'))].map((m) => [decode(m[1]!), m[2]!]));
}

const hasDelete = (row: string | undefined) => row !== undefined && /<button type="submit"[^>]*>Delete<\/button>/.test(row);

for (const dialect of DIALECTS) {
  describe(`branches and tags pages (${dialect})`, () => {
    let f: GitFixture;
    let project: { id: number; path: string };
    let mainSha: string;
    let developer: WebClient;
    let maintainer: WebClient;
    let outsider: WebClient;

    const git = async (dir: string, args: string[]) => {
      const result = await f.cli.git(args, { cwd: dir });
      assert.equal(result.code, 0, result.stderr);
      return result.stdout.trim();
    };
    const signedIn = (username: string, level: number | null) => signedInMember(f.t, project.id, username, level);
    const branchExists = async (name: string) =>
      (await f.t.api('GET', `/projects/${project.id}/repository/branches/${encodeURIComponent(name)}`)).status === 200;

    before(async () => {
      f = await startGitFixture(dialect);
      project = await f.createProject('refs');
      const work = await f.seed(project.path);
      await git(work, ['branch', 'merged-one']);
      await f.cli.commit(work, { 'CHANGELOG.md': 'Changes.\n' }, 'Add the changelog');
      mainSha = await git(work, ['rev-parse', 'HEAD']);
      await git(work, ['switch', '--quiet', '-c', 'feature']);
      await f.cli.commit(work, { 'feature.txt': 'new\n' }, 'Start the feature');
      await git(work, ['branch', 'release']);
      await git(work, ['branch', 'feature-two']);
      await git(work, ['branch', HOSTILE_BRANCH]);
      await git(work, ['tag', 'v0.9', 'main']);
      await git(work, ['tag', 'release/v2', 'feature']);
      await git(work, ['tag', HOSTILE_TAG, 'main']);
      await git(work, ['push', '--quiet', 'origin', 'main', 'merged-one', 'feature', 'release', 'feature-two', HOSTILE_BRANCH, '--tags']);
      const tag = await f.t.api('POST', `/projects/${project.id}/repository/tags`, { body: { tag_name: 'v1.0', ref: 'main', message: 'First <b>stable</b> one' } });
      assert.equal(tag.status, 201, JSON.stringify(tag.body));
      const protect = await f.t.api('POST', `/projects/${project.id}/protected_branches`, { body: { name: 'release', push_access_level: 30 } });
      assert.equal(protect.status, 201, JSON.stringify(protect.body));
      const protectTag = await f.t.api('POST', `/projects/${project.id}/protected_tags`, { body: { name: 'v1.*', create_access_level: 40 } });
      assert.equal(protectTag.status, 201, JSON.stringify(protectTag.body));
      developer = await signedIn('dana', 30);
      maintainer = await signedIn('mara', 40);
      outsider = await signedIn('olli', null);
    });
    after(() => f.close());

    test('GET /-/branches lists each branch with its last commit and the default, protected and merged badges, under the strict CSP', async () => {
      const page = await maintainer.get(`/${project.path}/-/branches`);
      assert.equal(page.status, 200);
      assert.match(String(page.headers['content-security-policy']), /script-src 'self'; style-src 'self'/);
      const branches = rows(page.body, 'branches', 'data-branch');
      assert.deepEqual([...branches.keys()].sort(), ['feature', 'feature-two', 'main', 'merged-one', 'release', HOSTILE_BRANCH].sort());
      const main = branches.get('main')!;
      assert.match(textOf(main), /main default protected/);
      assert.match(main, new RegExp(`<a href="/${project.path}/-/commit/${mainSha}"><code>${mainSha.slice(0, 8)}</code></a>`));
      assert.match(textOf(main), /Add the changelog/);
      assert.ok(!main.includes('>merged<'));
      assert.match(textOf(branches.get('merged-one')!), /merged-one merged .*Initial commit/);
      assert.match(textOf(branches.get('release')!), /release protected/);
      assert.ok(!/badge">(default|protected|merged)</.test(branches.get('feature')!));
      assert.match(branches.get('feature')!, new RegExp(`href="/${project.path}/-/tree/feature"`));
      assert.match(branches.get('feature')!, new RegExp(`href="/${project.path}/-/commits/feature"`));
      assert.match(branches.get('feature')!, new RegExp(`href="/${project.path}/-/compare/main...feature"`));
    });

    test('GET /-/branches?search= filters by name, and the search box keeps the term', async () => {
      const page = await developer.get(`/${project.path}/-/branches?search=FEAT`);
      assert.equal(page.status, 200);
      assert.deepEqual([...rows(page.body, 'branches', 'data-branch').keys()], ['feature', 'feature-two']);
      assert.match(page.body, /<input id="branch-search" type="search" name="search" value="FEAT"/);
      const none = await developer.get(`/${project.path}/-/branches?search=nothing-like-it`);
      assert.match(textOf(none.body), /No branch matches this search\./);
    });

    test('delete buttons: never on the default branch; a protected branch only for a Maintainer; nothing for a Reporter', async () => {
      const asDeveloper = rows((await developer.get(`/${project.path}/-/branches`)).body, 'branches', 'data-branch');
      const asMaintainer = rows((await maintainer.get(`/${project.path}/-/branches`)).body, 'branches', 'data-branch');
      assert.equal(hasDelete(asDeveloper.get('main')), false);
      assert.equal(hasDelete(asMaintainer.get('main')), false);
      assert.equal(hasDelete(asDeveloper.get('release')), false);
      assert.equal(hasDelete(asMaintainer.get('release')), true);
      assert.equal(hasDelete(asDeveloper.get('feature-two')), true);
      const reporter = await signedIn('remy', 20);
      const asReporter = (await reporter.get(`/${project.path}/-/branches`)).body;
      assert.equal(rows(asReporter, 'branches', 'data-branch').size, 6);
      assert.ok(!asReporter.includes('>Delete</button>'));
    });

    test('POST /-/branches/delete deletes through the API\'s service and comes back with a notice', async () => {
      await developer.get(`/${project.path}/-/branches`);
      const res = await developer.post(`/${project.path}/-/branches/delete`, { name: 'feature-two' });
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, `/${project.path}/-/branches?notice=branch_deleted`);
      const page = await developer.get(String(res.headers.location));
      assert.match(textOf(page.body), /The branch was deleted\./);
      assert.ok(!rows(page.body, 'branches', 'data-branch').has('feature-two'));
      assert.equal(await branchExists('feature-two'), false);
    });

    test('a forged delete form is refused as the API refuses it: protected for a Developer, the default branch for anyone, no CSRF token', async () => {
      await developer.get(`/${project.path}/-/branches`);
      const protectedOne = await developer.post(`/${project.path}/-/branches/delete`, { name: 'release' });
      assert.equal(protectedOne.status, 403);
      assert.match(textOf(protectedOne.body), /You don't have permission to do that\.|not allowed to delete protected branches/);
      assert.equal(await branchExists('release'), true);
      await maintainer.get(`/${project.path}/-/branches`);
      const defaultOne = await maintainer.post(`/${project.path}/-/branches/delete`, { name: 'main' });
      assert.equal(defaultOne.status, 400);
      assert.match(textOf(defaultOne.body), /The default branch of a project cannot be deleted\./);
      const noCsrf = await maintainer.post(`/${project.path}/-/branches/delete`, { name: 'release' }, { csrf: null });
      assert.equal(noCsrf.status, 403);
      assert.match(textOf(noCsrf.body), /The form could not be accepted/);
      assert.equal(await branchExists('release'), true);
      const missing = await maintainer.post(`/${project.path}/-/branches/delete`, { name: 'no-such-branch' });
      assert.equal(missing.status, 404);
      await outsider.get('/');
      const outsiders = await outsider.post(`/${project.path}/-/branches/delete`, { name: 'release' });
      assert.equal(outsiders.status, 404);
      assert.equal(await branchExists('release'), true);
    });

    test('GET /-/tags lists tags newest first with message, commit, protected badge and release link; delete per the tag rules', async () => {
      const release = await f.t.api('POST', `/projects/${project.id}/releases`, { body: { tag_name: 'v1.0', name: 'One point oh' } });
      assert.equal(release.status, 201, JSON.stringify(release.body));
      const page = await developer.get(`/${project.path}/-/tags`);
      assert.equal(page.status, 200);
      const tags = rows(page.body, 'tags', 'data-tag');
      assert.deepEqual([...tags.keys()].sort(), ['release/v2', 't"><img/src=x/onerror=alert(2)>', 'v0.9', 'v1.0'].sort());
      const v1 = tags.get('v1.0')!;
      assert.match(textOf(v1), /v1\.0 protected/);
      assert.match(textOf(v1), /First <b>stable<\/b> one/);
      assert.match(v1, new RegExp(`<a href="/${project.path}/-/releases/v1.0">Release One point oh</a>`));
      assert.match(v1, new RegExp(`<a href="/${project.path}/-/commit/${mainSha}">`));
      assert.match(tags.get('release/v2')!, new RegExp(`<a href="/${project.path}/-/tags/release/v2"><strong>release/v2</strong>`));
      assert.equal(hasDelete(v1), false);
      assert.equal(hasDelete(tags.get('v0.9')), true);
      assert.equal(hasDelete(rows((await maintainer.get(`/${project.path}/-/tags`)).body, 'tags', 'data-tag').get('v1.0')), true);
      const searched = await developer.get(`/${project.path}/-/tags?search=%5Ev1`);
      assert.deepEqual([...rows(searched.body, 'tags', 'data-tag').keys()], ['v1.0']);
    });

    test('GET /-/tags/<name> shows one tag, slashes in its name included; an unknown tag is 404', async () => {
      const page = await developer.get(`/${project.path}/-/tags/release/v2`);
      assert.equal(page.status, 200);
      assert.match(page.body, /<h1>release\/v2/);
      assert.match(textOf(page.body), /Start the feature/);
      assert.match(textOf(page.body), /Lightweight tag/);
      const annotated = await developer.get(`/${project.path}/-/tags/v1.0`);
      assert.match(textOf(annotated.body), /First <b>stable<\/b> one/);
      assert.ok(!annotated.body.includes('>Delete</button>'));
      assert.equal((await developer.get(`/${project.path}/-/tags/v9.9`)).status, 404);
    });

    test('POST /-/tags/delete deletes an unprotected tag; a Developer\'s forged form for a protected one is refused', async () => {
      await developer.get(`/${project.path}/-/tags`);
      const res = await developer.post(`/${project.path}/-/tags/delete`, { name: 'v0.9' });
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, `/${project.path}/-/tags?notice=tag_deleted`);
      assert.match(textOf((await developer.get(String(res.headers.location))).body), /The tag was deleted\./);
      assert.equal((await f.t.api('GET', `/projects/${project.id}/repository/tags/v0.9`)).status, 404);
      const refused = await developer.post(`/${project.path}/-/tags/delete`, { name: 'v1.0' });
      assert.equal(refused.status, 403);
      assert.equal((await f.t.api('GET', `/projects/${project.id}/repository/tags/v1.0`)).status, 200);
    });

    test('hostile branch, tag and release names and notes are shown as text', async () => {
      const notes = '<script>alert(3)</script> [click](javascript:alert(4)) ![img](x" onerror="alert(5)) [guide](docs/guide.md)';
      const created = await f.t.api('POST', `/projects/${project.id}/releases`, {
        body: { tag_name: HOSTILE_TAG, name: '<img src=x onerror=alert(6)>', description: notes, assets: { links: [{ name: 'Binary', url: 'https://example.com/bin' }] } },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      // Stored before the API checked URLs, say: the page still links only http(s) and ftp.
      await insertReleaseLinks(f.t.app.deps.db, [
        { release_id: await releaseId(), name: 'Sneaky', url: 'javascript:alert(7)', direct_asset_path: null, link_type: 'other', created_at: '2026-11-29T00:00:00.000Z', updated_at: '2026-11-29T00:00:00.000Z' },
      ]);
      for (const path of ['/-/branches', '/-/tags', `/-/tags/${encodeURIComponent(HOSTILE_TAG)}`, '/-/releases', `/-/releases/${encodeURIComponent(HOSTILE_TAG)}`]) {
        const page = await maintainer.get(`/${project.path}${path}`);
        assert.equal(page.status, 200, path);
        assertNoActiveContent(page.body);
        assert.ok(!page.body.includes('<script>alert'), path);
      }
      const releases = (await maintainer.get(`/${project.path}/-/releases`)).body;
      assert.match(textOf(releases), /<img src=x onerror=alert\(6\)>/);
      assert.match(textOf(releases), /<script>alert\(3\)<\/script>/);
      assert.match(releases, /<a href="https:\/\/example.com\/bin"[^>]*>Binary<\/a>/);
      assert.match(textOf(releases), /Sneaky javascript:alert\(7\)/);
      assert.match(releases, new RegExp(`href="/${project.path}/-/blob/t%22%3E%3Cimg/src%3Dx/onerror%3Dalert\\(2\\)%3E/docs/guide.md"`));
      assert.match(textOf((await maintainer.get(`/${project.path}/-/branches`)).body), /x"><svg\/onload=alert\(1\)>/);
    });

    async function releaseId(): Promise<number> {
      const row = await f.t.app.deps.db.selectFrom('releases').select('id').where('tag_name', '=', HOSTILE_TAG).executeTakeFirstOrThrow();
      return row.id;
    }

    test('GET /-/releases: newest released first, ten a page, each with its author; a revoked bot\'s releases show the Ghost User', async () => {
      const bot = await f.projectToken(project.id, ['api'], 40, { name: 'release-bot' });
      for (let day = 1; day <= 10; day++) {
        const released = await f.t.api('POST', `/projects/${project.id}/releases`, {
          token: bot.token,
          body: { tag_name: `r${day}`, ref: 'main', name: `Release ${day}`, released_at: `2026-01-${String(day).padStart(2, '0')}T00:00:00Z` },
        });
        assert.equal(released.status, 201, JSON.stringify(released.body));
      }
      const tagsOf = (html: string) => [...html.matchAll(/<article class="release" data-tag="([^"]*)"/g)].map((m) => m[1]!);
      const first = await developer.get(`/${project.path}/-/releases`);
      assert.equal(first.status, 200);
      assert.deepEqual(tagsOf(first.body).slice(2), ['r10', 'r9', 'r8', 'r7', 'r6', 'r5', 'r4', 'r3']);
      assert.match(textOf(first.body), /Released 2026-01-10 00:00 UTC by release-bot/);
      assert.match(first.body, new RegExp(`<a href="/${project.path}/-/releases\\?page=2">Next →</a>`));
      const second = await developer.get(`/${project.path}/-/releases?page=2`);
      assert.deepEqual(tagsOf(second.body), ['r2', 'r1']);
      assert.equal((await f.t.api('DELETE', `/projects/${project.id}/access_tokens/${bot.id}`)).status, 204);
      const one = await developer.get(`/${project.path}/-/releases/r1`);
      assert.equal(one.status, 200);
      assert.match(one.body, /<h1>Release 1 <\/h1>|<h1>Release 1/);
      assert.match(textOf(one.body), /Released 2026-01-01 00:00 UTC by Ghost User/);
      assert.equal((await developer.get(`/${project.path}/-/releases/no-such-tag`)).status, 404);
    });

    test('a private project\'s pages are 404 to an outsider and send a signed-out visitor to sign in', async () => {
      for (const path of ['/-/branches', '/-/tags', '/-/tags/v1.0', '/-/releases', '/-/releases/v1.0']) {
        const page = await outsider.get(`/${project.path}${path}`);
        assert.equal(page.status, 404, path);
        assert.ok(!page.body.includes('One point oh'), path);
        const anonymous = await new WebClient(f.t).get(`/${project.path}${path}`);
        assert.equal(anonymous.status, 303, path);
        assert.match(String(anonymous.headers.location), /^\/users\/sign_in\?redirect_to=/);
      }
    });
  });
}
