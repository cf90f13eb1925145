import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startGitFixture, type GitFixture } from './git-fixture.ts';

// History pushed for real (dates pinned so the date filters are exact):
//   c1 Initial commit (the seed)          README.md, docs/guide.md
//   c2 Add logo  2027-01-01 (tag v1.0)    logo.png (binary), notes.txt, docs/guide.md +1 line; trailers
//   c3 Feature work 2027-02-01 (feature and topic/deep, by Feature Dev)  feature.txt
//   c4 Main work 2027-03-01               README.md changed, notes.txt renamed to docs/notes.txt
//   m  Merge branch 'feature' 2027-04-01  (main)
//   u  Unmerged 2027-01-15 on c2 (unmerged)  unmerged.txt
const LOGO = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02, 0x00, 0xff]);

for (const dialect of DIALECTS) {
  describe(`repository API: commits, diffs, refs and compare (${dialect})`, () => {
    let f: GitFixture;
    let project: { id: number; path: string };
    let work: string;
    let readApi: string;
    const sha: Record<'c1' | 'c2' | 'c3' | 'c4' | 'm' | 'u', string> = { c1: '', c2: '', c3: '', c4: '', m: '', u: '' };

    const git = async (args: string[], env: Record<string, string> = {}) => {
      const res = await f.cli.git(args, { cwd: work, env });
      assert.equal(res.code, 0, res.stderr);
      return res.stdout.trim();
    };
    const commitAt = async (date: string, message: string, files: Record<string, string | Buffer>, extra: string[] = []) => {
      await f.cli.commit(work, files, 'scratch'); // writes and stages the files
      await git(['commit', '--quiet', '--amend', '--allow-empty', '-m', message, ...extra], { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
      return git(['rev-parse', 'HEAD']);
    };
    const titles = (body: any[]) => body.map((commit) => commit.title);
    const api = (path: string) => f.t.api('GET', `/projects/${project.id}${path}`, { token: readApi });

    before(async () => {
      f = await startGitFixture(dialect);
      project = await f.createProject('library');
      work = await f.seed(project.path);
      sha.c1 = await git(['rev-parse', 'HEAD']);
      sha.c2 = await commitAt(
        '2027-01-01T10:00:00Z',
        'Add logo\n\nSigned-off-by: A <a@example.com>\nSigned-off-by: B <b@example.com>\nFixes: #1',
        { 'logo.png': LOGO, 'notes.txt': 'n\n', 'docs/guide.md': 'Read me.\nMore.\n' },
      );
      await git(['tag', 'v1.0']);
      await git(['switch', '--quiet', '-c', 'unmerged']);
      sha.u = await commitAt('2027-01-15T10:00:00Z', 'Unmerged\nwrapped subject line\n\nBody.', { 'unmerged.txt': 'u\n' });
      await git(['switch', '--quiet', '-c', 'feature', sha.c2]);
      sha.c3 = await commitAt('2027-02-01T10:00:00Z', 'Feature work', { 'feature.txt': 'f\n' }, ['--author', 'Feature Dev <dev@example.com>']);
      await git(['switch', '--quiet', 'main']);
      await git(['mv', 'notes.txt', 'docs/notes.txt']);
      sha.c4 = await commitAt('2027-03-01T10:00:00Z', 'Main work', { 'README.md': '# Seed\nchanged\n' });
      const date = { GIT_AUTHOR_DATE: '2027-04-01T10:00:00Z', GIT_COMMITTER_DATE: '2027-04-01T10:00:00Z' };
      await git(['merge', '--quiet', '--no-ff', '-m', "Merge branch 'feature'", 'feature'], date);
      sha.m = await git(['rev-parse', 'HEAD']);
      await git(['push', '--quiet', 'origin', 'main', 'feature', 'unmerged', `${sha.c3}:refs/heads/topic/deep`, 'v1.0']);
      readApi = (await f.projectToken(project.id, ['read_api'], 20)).token;
    });
    after(() => f.close());

    test('GET /projects/:id/repository/commits lists the default branch newest first, with GitLab\'s uncounted page headers', async () => {
      const res = await api('/repository/commits');
      assert.equal(res.status, 200);
      assert.deepEqual(titles(res.body), ["Merge branch 'feature'", 'Main work', 'Feature work', 'Add logo', 'Initial commit']);
      const [merge] = res.body;
      assert.equal(merge.id, sha.m);
      assert.equal(merge.short_id, sha.m.slice(0, 8));
      assert.deepEqual(merge.parent_ids, [sha.c4, sha.c3]);
      assert.equal(merge.committed_date, '2027-04-01T10:00:00+00:00');
      assert.equal(merge.web_url, `${f.t.config.externalUrl}/${project.path}/-/commit/${sha.m}`);
      assert.deepEqual(merge.trailers, {});
      assert.equal(res.headers['x-page'], '1');
      assert.equal(res.headers['x-per-page'], '20');
      assert.equal(res.headers['x-next-page'], '');
      assert.equal(res.headers['x-total'], undefined, 'GitLab does not count history');

      const first = await api('/repository/commits?per_page=2');
      assert.deepEqual(titles(first.body), ["Merge branch 'feature'", 'Main work']);
      assert.equal(first.headers['x-next-page'], '2');
      assert.match(String(first.headers.link), /[?&]page=2>; rel="next"/);
      const last = await api('/repository/commits?per_page=2&page=3');
      assert.deepEqual(titles(last.body), ['Initial commit']);
      assert.equal(last.headers['x-next-page'], '');
      assert.equal(last.headers['x-prev-page'], '2');
    });

    test('GET /projects/:id/repository/commits filters by ref_name, path, since/until, author, first_parent and all', async () => {
      assert.deepEqual(titles((await api('/repository/commits?ref_name=feature')).body), ['Feature work', 'Add logo', 'Initial commit']);
      assert.deepEqual(titles((await api('/repository/commits?ref_name=v1.0')).body), ['Add logo', 'Initial commit']);
      assert.deepEqual(titles((await api('/repository/commits?ref_name=v1.0..topic%2Fdeep')).body), ['Feature work']);
      assert.deepEqual(titles((await api('/repository/commits?path=docs%2Fguide.md')).body), ['Add logo', 'Initial commit']);
      assert.deepEqual(titles((await api('/repository/commits?path=feature.txt')).body), ['Feature work']);
      assert.deepEqual(titles((await api('/repository/commits?path=docs%2F')).body), ['Main work', 'Add logo', 'Initial commit'], 'a folder');
      assert.equal((await api('/repository/commits?path=')).body.length, 5, 'an empty path is no filter');
      assert.deepEqual(titles((await api('/repository/commits?since=2027-01-15T00:00:00Z')).body), ["Merge branch 'feature'", 'Main work', 'Feature work']);
      assert.deepEqual(titles((await api('/repository/commits?until=2027-01-15')).body), ['Add logo', 'Initial commit']);
      assert.equal((await api('/repository/commits?until=2100-01-01T00:00:00Z')).body.length, 5, 'a date past 2099 is read right');
      assert.deepEqual((await api('/repository/commits?since=9999-12-31')).body, []);
      assert.deepEqual((await api('/repository/commits?until=1960-01-01')).body, []);
      assert.deepEqual(titles((await api('/repository/commits?author=Feature%20Dev')).body), ['Feature work']);
      assert.deepEqual(titles((await api('/repository/commits?first_parent=true')).body), ["Merge branch 'feature'", 'Main work', 'Add logo', 'Initial commit']);
      const all = titles((await api('/repository/commits?all=true')).body);
      assert.ok(all.includes('Unmerged') && all.length === 6, all.join(', '));
      const topo = (await api('/repository/commits?order=topo')).body.map((c: any) => c.id);
      const expected = (await f.cli.git(['log', '--topo-order', '--format=%H', 'main'], { cwd: work })).stdout.trim().split('\n');
      assert.deepEqual(topo, expected);
    });

    test('GET /projects/:id/repository/commits answers an unknown ref with [] and garbage with 400, never 500', async () => {
      const unknown = await api('/repository/commits?ref_name=nope');
      assert.equal(unknown.status, 200);
      assert.deepEqual(unknown.body, []);
      const option = await api('/repository/commits?ref_name=--output%3D%2Ftmp%2Fx');
      assert.equal(option.status, 400);
      assert.deepEqual(option.body, { message: 'ref_name is invalid' });
      const since = await api('/repository/commits?since=yesterday');
      assert.equal(since.status, 400);
      assert.deepEqual(since.body, { error: 'since is invalid' });
      const order = await api('/repository/commits?order=random');
      assert.deepEqual([order.status, order.body], [400, { error: 'order does not have a valid value' }]);
      const path = await api('/repository/commits?path=..%2Fconfig');
      assert.deepEqual([path.status, path.body], [400, { error: 'path is invalid' }]);
    });

    test('GET /projects/:id/repository/commits with_stats and trailers adds stats and parsed trailers', async () => {
      const res = await api('/repository/commits?ref_name=v1.0&with_stats=true&trailers=true');
      const [logo, initial] = res.body;
      assert.deepEqual(logo.stats, { additions: 2, deletions: 0, total: 2 }, 'notes.txt +1, guide.md +1, the binary logo counts no line');
      assert.deepEqual(initial.stats, { additions: 2, deletions: 0, total: 2 });
      assert.deepEqual(logo.trailers, { 'Signed-off-by': 'B <b@example.com>', Fixes: '#1' });
      assert.deepEqual(logo.extended_trailers, { 'Signed-off-by': ['A <a@example.com>', 'B <b@example.com>'], Fixes: ['#1'] });
    });

    test('GET /projects/:id/repository/commits/:sha returns the commit detail; a branch or tag name (with slashes) works too', async () => {
      const res = await api(`/repository/commits/${sha.c2}`);
      assert.equal(res.status, 200);
      assert.equal(res.body.title, 'Add logo');
      assert.equal(res.body.message, 'Add logo\n\nSigned-off-by: A <a@example.com>\nSigned-off-by: B <b@example.com>\nFixes: #1\n');
      assert.deepEqual(res.body.stats, { additions: 2, deletions: 0, total: 2 });
      assert.equal(res.body.status, null);
      assert.equal(res.body.last_pipeline, null);
      assert.equal(res.body.project_id, project.id);
      assert.equal(res.body.author_name, 'Test Pusher');
      const noStats = await api(`/repository/commits/v1.0?stats=false`);
      assert.equal(noStats.body.id, sha.c2);
      assert.equal('stats' in noStats.body, false);
      const wrapped = await api('/repository/commits/unmerged');
      assert.deepEqual([wrapped.body.title, wrapped.body.message], ['Unmerged', 'Unmerged\nwrapped subject line\n\nBody.\n'], "the title is the message's first line");
      const deep = await api('/repository/commits/topic%2Fdeep');
      assert.equal(deep.body.id, sha.c3);
      assert.equal(deep.body.author_name, 'Feature Dev');
      const merge = await api('/repository/commits/main');
      assert.deepEqual(merge.body.stats, { additions: 1, deletions: 0, total: 1 }, 'against its first parent: feature.txt');
      for (const missing of ['nope', '--output=x', 'main:README.md', 'a'.repeat(40)]) {
        const res = await api(`/repository/commits/${encodeURIComponent(missing)}`);
        assert.deepEqual([res.status, res.body], [404, { message: '404 Commit Not Found' }], missing);
      }
    });

    test('GET /projects/:id/repository/commits/:sha/diff lists changed files: text, binary, new and renamed; paginated', async () => {
      const res = await api(`/repository/commits/${sha.c2}/diff`);
      assert.equal(res.status, 200);
      assert.equal(res.headers['x-total'], '3');
      const byPath = Object.fromEntries(res.body.map((d: any) => [d.new_path, d]));
      assert.deepEqual(byPath['docs/guide.md'], {
        diff: '@@ -1 +1,2 @@\n Read me.\n+More.\n',
        collapsed: false,
        too_large: false,
        new_path: 'docs/guide.md',
        old_path: 'docs/guide.md',
        a_mode: '100644',
        b_mode: '100644',
        new_file: false,
        renamed_file: false,
        deleted_file: false,
        generated_file: false,
      });
      assert.equal(byPath['logo.png'].diff, 'Binary files /dev/null and b/logo.png differ\n');
      assert.equal(byPath['logo.png'].new_file, true);
      assert.equal(byPath['logo.png'].a_mode, '0');
      const renamed = (await api(`/repository/commits/${sha.c4}/diff`)).body.find((d: any) => d.renamed_file);
      assert.deepEqual([renamed.old_path, renamed.new_path, renamed.diff], ['notes.txt', 'docs/notes.txt', '']);
      const paged = await api(`/repository/commits/${sha.c2}/diff?per_page=1&page=2`);
      assert.equal(paged.body.length, 1);
      assert.equal(paged.headers['x-next-page'], '3');
      const root = await api(`/repository/commits/${sha.c1}/diff`);
      assert.deepEqual(root.body.map((d: any) => d.new_path).sort(), ['README.md', 'docs/guide.md']);
      assert.equal((await api('/repository/commits/nope/diff')).status, 404);
    });

    test('GET /projects/:id/repository/commits/:sha/refs lists the branches then the tags that contain it', async () => {
      const res = await api(`/repository/commits/${sha.c2}/refs`);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, [
        { type: 'branch', name: 'feature' },
        { type: 'branch', name: 'main' },
        { type: 'branch', name: 'topic/deep' },
        { type: 'branch', name: 'unmerged' },
        { type: 'tag', name: 'v1.0' },
      ]);
      assert.deepEqual((await api(`/repository/commits/${sha.c3}/refs?type=tag`)).body, []);
      assert.deepEqual((await api(`/repository/commits/${sha.c3}/refs?type=branch`)).body.map((r: any) => r.name), ['feature', 'main', 'topic/deep']);
      const paged = await api(`/repository/commits/${sha.c1}/refs?per_page=2`);
      assert.equal(paged.body.length, 2);
      assert.equal(paged.headers['x-next-page'], '2');
      assert.equal(paged.headers['x-total'], undefined);
      const bad = await api(`/repository/commits/${sha.c1}/refs?type=remote`);
      assert.deepEqual([bad.status, bad.body], [400, { error: 'type does not have a valid value' }]);
    });

    test('GET /projects/:id/repository/compare lists the commits of `to` oldest first and the diff from the merge base', async () => {
      const res = await api('/repository/compare?from=v1.0&to=feature');
      assert.equal(res.status, 200);
      assert.deepEqual(titles(res.body.commits), ['Feature work']);
      assert.equal(res.body.commit.id, sha.c3);
      assert.deepEqual(res.body.diffs.map((d: any) => d.new_path), ['feature.txt']);
      assert.equal(res.body.compare_same_ref, false);
      assert.equal(res.body.compare_timeout, false);
      assert.equal(res.body.web_url, `${f.t.config.externalUrl}/${project.path}/-/compare/${sha.c2}...${sha.c3}`);

      const across = await api('/repository/compare?from=unmerged&to=main');
      assert.deepEqual(titles(across.body.commits), ['Feature work', 'Main work', "Merge branch 'feature'"]);
      assert.equal(across.body.commit.id, sha.m);
      assert.equal(across.body.diffs.some((d: any) => d.deleted_file), false, 'from the merge base, unmerged.txt is not in the diff');
      const straight = await api('/repository/compare?from=unmerged&to=main&straight=true');
      assert.deepEqual(straight.body.diffs.filter((d: any) => d.deleted_file).map((d: any) => d.old_path), ['unmerged.txt']);

      const same = await api('/repository/compare?from=main&to=main');
      assert.deepEqual(
        { commit: same.body.commit, commits: same.body.commits, diffs: same.body.diffs, same: same.body.compare_same_ref },
        { commit: null, commits: [], diffs: [], same: true },
      );
      const missing = await api('/repository/compare?from=nope&to=main');
      assert.deepEqual([missing.status, missing.body], [404, { message: '404 Ref Not Found' }]);
      const noFrom = await api('/repository/compare?to=main');
      assert.deepEqual([noFrom.status, noFrom.body], [400, { error: 'from is missing' }]);
    });

    test('the history routes need read_api and Reporter+: a Guest is 403, an outsider 404', async () => {
      const guest = await f.projectToken(project.id, ['read_api'], 10);
      for (const path of ['/repository/commits', `/repository/commits/${sha.c1}`, '/repository/compare?from=v1.0&to=main']) {
        const res = await f.t.api('GET', `/projects/${project.id}${path}`, { token: guest.token });
        assert.deepEqual([res.status, res.body], [403, { message: '403 Forbidden' }], path);
      }
      const outsider = await f.t.createUser('outsider');
      const hidden = await f.t.api('GET', `/projects/${project.id}/repository/commits`, { token: outsider.token });
      assert.deepEqual([hidden.status, hidden.body], [404, { message: '404 Project Not Found' }]);
    });

    test('an empty repository has no commits', async () => {
      const empty = await f.createProject('empty');
      for (const query of ['', '?all=true', '?ref_name=main&path=README.md']) {
        const res = await f.t.api('GET', `/projects/${empty.id}/repository/commits${query}`);
        assert.deepEqual([res.status, res.body], [200, []], query);
      }
    });
  });
}
