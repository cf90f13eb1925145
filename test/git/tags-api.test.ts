import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { httpUrl } from './git-cli.ts';
import { startGitFixture, type GitFixture } from './git-fixture.ts';

for (const dialect of DIALECTS) {
  describe(`tags API (${dialect})`, () => {
    let f: GitFixture;
    let project: { id: number; path: string };
    let work: string;
    let developer: { token: string; userId: number };
    let reporter: string;
    let commits: string[];
    const p = () => `/projects/${project.id}`;

    /** What the server's repository says, through a real git client. */
    const remoteTags = async () => {
      const res = await f.cli.git(['ls-remote', '--tags', httpUrl(f.baseUrl, project.path, f.t.rootToken)]);
      assert.equal(res.code, 0, res.stderr);
      return new Map(res.stdout.trim().split('\n').filter(Boolean).map((line) => line.split('\t').reverse() as [string, string]));
    };

    before(async () => {
      f = await startGitFixture(dialect);
      project = await f.createProject('tagged');
      work = await f.seed(project.path);
      // Two more commits, each with its own committer date (after the seed's), so "updated" has an order to show.
      for (const [title, date] of [['Second', '2030-01-02T00:00:00Z'], ['Third', '2030-01-03T00:00:00Z']] as const) {
        const made = await f.cli.git(['commit', '--quiet', '--allow-empty', '-m', title], { cwd: work, env: { GIT_COMMITTER_DATE: date, GIT_AUTHOR_DATE: date } });
        assert.equal(made.code, 0, made.stderr);
      }
      assert.equal((await f.cli.git(['push', '--quiet', 'origin', 'main'], { cwd: work })).code, 0);
      commits = (await f.cli.git(['rev-list', '--reverse', 'main'], { cwd: work })).stdout.trim().split('\n');
      const dev = await f.projectToken(project.id, ['api'], 30, { name: 'releaser' });
      developer = { token: dev.token, userId: dev.userId };
      reporter = (await f.projectToken(project.id, ['api'], 20)).token;
    });
    after(() => f.close());

    test('POST /projects/:id/repository/tags without a message makes a lightweight tag at the ref (201), visible to git', async () => {
      const res = await f.t.api('POST', `${p()}/repository/tags`, { token: developer.token, body: { tag_name: 'v1.0.0', ref: commits[0] } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.deepEqual(Object.keys(res.body).sort(), ['commit', 'created_at', 'message', 'name', 'protected', 'release', 'target']);
      assert.equal(res.body.name, 'v1.0.0');
      assert.equal(res.body.target, commits[0]);
      assert.equal(res.body.message, '');
      assert.equal(res.body.created_at, null);
      assert.equal(res.body.release, null);
      assert.equal(res.body.protected, false);
      assert.equal(res.body.commit.id, commits[0]);
      assert.equal(res.body.commit.title, 'Initial commit');
      assert.equal((await remoteTags()).get('refs/tags/v1.0.0'), commits[0]);
      // A push event by the developer's bot, as a git push of the tag would record.
      const events = (await f.t.api('GET', `${p()}/events`)).body as any[];
      const pushed = events.find((event) => event.push_data?.ref === 'v1.0.0');
      assert.equal(pushed.action_name, 'pushed new');
      assert.equal(pushed.push_data.ref_type, 'tag');
      assert.equal(pushed.author_id, developer.userId);
    });

    test('POST with a message makes an annotated tag object, tagged by the acting user at the server clock', async () => {
      f.t.clock.set('2026-12-01T10:00:00.000Z');
      const res = await f.t.api('POST', `${p()}/repository/tags`, { token: developer.token, body: { tag_name: 'v1.1.0', ref: 'main', message: '  Release 1.1.0\n\nNotes.  ' } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.message, 'Release 1.1.0\n\nNotes.');
      assert.notEqual(res.body.target, commits[2]);
      assert.equal(res.body.commit.id, commits[2]);
      assert.equal(Date.parse(res.body.created_at), Date.parse('2026-12-01T10:00:00Z'));
      const fetched = f.cli.dir('fetch');
      assert.equal((await f.cli.git(['clone', '--quiet', httpUrl(f.baseUrl, project.path, f.t.rootToken), fetched])).code, 0);
      assert.equal((await f.cli.git(['cat-file', '-t', 'v1.1.0'], { cwd: fetched })).stdout.trim(), 'tag');
      const object = (await f.cli.git(['cat-file', 'tag', 'v1.1.0'], { cwd: fetched })).stdout;
      assert.match(object, new RegExp(`^object ${commits[2]}\ntype commit\ntag v1.1.0\ntagger releaser <project_${project.id}_bot_[0-9a-f]+@noreply\\.[^>]+> 1796119200 \\+0000\n\nRelease 1.1.0\n\nNotes.\n$`));
      assert.equal((await f.cli.git(['cat-file', '-t', 'v1.0.0'], { cwd: fetched })).stdout.trim(), 'commit');
    });

    test('POST refuses an existing tag, an invalid name, an unknown or option-like ref, and a missing parameter, with GitLab\'s messages', async () => {
      const post = (body: object) => f.t.api('POST', `${p()}/repository/tags`, { token: developer.token, body });
      assert.deepEqual(await post({ tag_name: 'v1.0.0', ref: 'main' }).then((r) => [r.status, r.body]), [400, { message: 'Tag v1.0.0 already exists' }]);
      for (const name of ['new design', '--force', 'a..b', 'refs/heads/main', 'x.lock', 'HEAD']) {
        assert.deepEqual(await post({ tag_name: name, ref: 'main' }).then((r) => [r.status, r.body]), [400, { message: 'Tag name invalid' }], name);
      }
      for (const ref of ['foo', '--output=/tmp/x', 'main:README.md', 'a'.repeat(64)]) {
        assert.deepEqual(await post({ tag_name: 'v9', ref }).then((r) => [r.status, r.body]), [400, { message: `Target ${ref} is invalid` }], ref);
      }
      assert.deepEqual(await post({ ref: 'main' }).then((r) => [r.status, r.body]), [400, { error: 'tag_name is missing' }]);
      assert.deepEqual(await post({ tag_name: 'v9' }).then((r) => [r.status, r.body]), [400, { error: 'ref is missing' }]);
      assert.equal((await remoteTags()).has('refs/tags/v9'), false);
    });

    test('two requests creating the same tag at once: one 201, the other 400 "already exists"; one ref, one push event', async () => {
      const make = (ref: string) => f.t.api('POST', `${p()}/repository/tags`, { token: developer.token, body: { tag_name: 'raced', ref, message: `from ${ref}` } });
      const answers = await Promise.all([make(commits[0]!), make(commits[1]!), make(commits[2]!)]);
      assert.deepEqual(answers.map((r) => r.status).sort(), [201, 400, 400]);
      for (const lost of answers.filter((r) => r.status === 400)) assert.deepEqual(lost.body, { message: 'Tag raced already exists' });
      const won = answers.find((r) => r.status === 201)!;
      assert.equal((await remoteTags()).get('refs/tags/raced'), won.body.target);
      const events = ((await f.t.api('GET', `${p()}/events?per_page=100`)).body as any[]).filter((event) => event.push_data?.ref === 'raced');
      assert.equal(events.length, 1);
      assert.equal((await f.t.api('DELETE', `${p()}/repository/tags/raced`, { token: developer.token })).status, 204);
    });

    test('GET /projects/:id/repository/tags orders by commit date (newest first), name or version, either way, and pages', async () => {
      for (const [name, ref] of [['v1.10.0', commits[1]], ['v1.2.0', commits[1]], ['release/v2', commits[0]]] as const) {
        assert.equal((await f.t.api('POST', `${p()}/repository/tags`, { token: developer.token, body: { tag_name: name, ref } })).status, 201);
      }
      const names = async (query: string) => {
        const res = await f.t.api('GET', `${p()}/repository/tags${query}`, { token: reporter });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return (res.body as any[]).map((tag) => tag.name);
      };
      // The seed commit is today's; the other two were made in 2030. Ties go by name, reversed with the rest.
      assert.deepEqual(await names(''), ['v1.1.0', 'v1.2.0', 'v1.10.0', 'v1.0.0', 'release/v2']);
      assert.deepEqual(await names('?sort=asc'), ['release/v2', 'v1.0.0', 'v1.10.0', 'v1.2.0', 'v1.1.0']);
      assert.deepEqual(await names('?order_by=name&sort=asc'), ['release/v2', 'v1.0.0', 'v1.1.0', 'v1.10.0', 'v1.2.0']);
      assert.deepEqual(await names('?order_by=name'), ['v1.2.0', 'v1.10.0', 'v1.1.0', 'v1.0.0', 'release/v2']);
      assert.deepEqual(await names('?order_by=version&sort=asc'), ['release/v2', 'v1.0.0', 'v1.1.0', 'v1.2.0', 'v1.10.0']);
      const page = await f.t.api('GET', `${p()}/repository/tags?order_by=name&sort=asc&per_page=2&page=2`, { token: reporter });
      assert.deepEqual(page.body.map((tag: any) => tag.name), ['v1.1.0', 'v1.10.0']);
      assert.equal(page.headers['x-total'], '5');
      assert.equal(page.headers['x-next-page'], '3');
      const bad = await f.t.api('GET', `${p()}/repository/tags?order_by=size`, { token: reporter });
      assert.deepEqual([bad.status, bad.body], [400, { error: 'order_by does not have a valid value' }]);
    });

    test('GET /projects/:id/repository/tags?search= matches anywhere, ^prefix, suffix$, case-insensitive', async () => {
      const names = async (search: string) =>
        ((await f.t.api('GET', `${p()}/repository/tags?order_by=name&sort=asc&search=${encodeURIComponent(search)}`, { token: reporter })).body as any[]).map((tag) => tag.name);
      assert.deepEqual(await names('V1.1'), ['v1.1.0', 'v1.10.0']);
      assert.deepEqual(await names('^release'), ['release/v2']);
      assert.deepEqual(await names('.0$'), ['v1.0.0', 'v1.1.0', 'v1.10.0', 'v1.2.0']);
      assert.deepEqual(await names('^v1.1$'), []);
    });

    test('GET /projects/:id/repository/tags/:tag_name finds a name with a slash (URL-encoded); a missing one is 404 Tag Not Found', async () => {
      const res = await f.t.api('GET', `/projects/${encodeURIComponent(project.path)}/repository/tags/release%2Fv2`, { token: reporter });
      assert.equal(res.status, 200);
      assert.equal(res.body.name, 'release/v2');
      assert.equal(res.body.commit.id, commits[0]);
      // A protection rule's wildcard (written as the protected tags API would) marks the tags it matches.
      await f.t.app.deps.db.insertInto('protected_tags').values({ project_id: project.id, name: 'v1.1*', create_access_level: 40, created_at: '2026-12-01T00:00:00.000Z', updated_at: '2026-12-01T00:00:00.000Z' }).execute();
      const marked = async (name: string) => (await f.t.api('GET', `${p()}/repository/tags/${name}`, { token: reporter })).body.protected;
      assert.deepEqual([await marked('v1.1.0'), await marked('v1.10.0'), await marked('v1.0.0'), await marked('release%2Fv2')], [true, true, false, false]);
      for (const name of ['nope', 'release', '..%2F..%2Fconfig', '-h']) {
        const missing = await f.t.api('GET', `${p()}/repository/tags/${name}`, { token: reporter });
        assert.deepEqual([missing.status, missing.body], [404, { message: '404 Tag Not Found' }], name);
      }
    });

    test('DELETE /projects/:id/repository/tags/:tag_name removes the tag (204) for git too; again it is 404', async () => {
      const res = await f.t.api('DELETE', `${p()}/repository/tags/release%2Fv2`, { token: developer.token });
      assert.equal(res.status, 204);
      assert.equal((await remoteTags()).has('refs/tags/release/v2'), false);
      const again = await f.t.api('DELETE', `${p()}/repository/tags/release%2Fv2`, { token: developer.token });
      assert.deepEqual([again.status, again.body], [404, { message: '404 Tag Not Found' }]);
      const events = (await f.t.api('GET', `${p()}/events`)).body as any[];
      assert.equal(events.find((event) => event.push_data?.ref === 'release/v2' && event.push_data.action === 'removed')?.action_name, 'deleted');
    });

    test('a Reporter reads tags but may not create or delete them (403); read_api is refused writes; outsiders and anonymous see 404', async () => {
      assert.equal((await f.t.api('GET', `${p()}/repository/tags/v1.0.0`, { token: reporter })).status, 200);
      const create = await f.t.api('POST', `${p()}/repository/tags`, { token: reporter, body: { tag_name: 'v8', ref: 'main' } });
      assert.deepEqual([create.status, create.body], [403, { message: '403 Forbidden' }]);
      const remove = await f.t.api('DELETE', `${p()}/repository/tags/v1.0.0`, { token: reporter });
      assert.deepEqual([remove.status, remove.body], [403, { message: '403 Forbidden' }]);
      const readApi = (await f.projectToken(project.id, ['read_api'], 40)).token;
      assert.equal((await f.t.api('GET', `${p()}/repository/tags`, { token: readApi })).status, 200);
      const scoped = await f.t.api('POST', `${p()}/repository/tags`, { token: readApi, body: { tag_name: 'v8', ref: 'main' } });
      assert.equal(scoped.status, 403);
      assert.equal(scoped.body.error, 'insufficient_scope');
      const guest = (await f.projectToken(project.id, ['api'], 10)).token;
      assert.equal((await f.t.api('GET', `${p()}/repository/tags`, { token: guest })).status, 403);
      const outsider = await f.t.createUser('tag-outsider');
      assert.deepEqual((await f.t.api('GET', `${p()}/repository/tags`, { token: outsider.token })).body, { message: '404 Project Not Found' });
      assert.equal((await f.t.api('GET', `${p()}/repository/tags`, { token: null })).status, 404);
      assert.equal((await remoteTags()).has('refs/tags/v8'), false);
    });
  });
}
