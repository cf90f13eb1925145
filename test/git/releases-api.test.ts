import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { httpUrl } from './git-cli.ts';
import { startGitFixture, type GitFixture } from './git-fixture.ts';

const RELEASE_KEYS = [
  '_links', 'assets', 'author', 'commit', 'commit_path', 'created_at', 'description', 'evidences', 'historical_release', 'name', 'released_at', 'tag_name', 'tag_path', 'upcoming_release',
];

for (const dialect of DIALECTS) {
  describe(`releases and asset links API (${dialect})`, () => {
    let f: GitFixture;
    let project: { id: number; path: string };
    let head: string;
    let developer: { id: number; token: string; userId: number };
    let reporter: string;
    const p = () => `/projects/${project.id}`;
    const asDeveloper = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: object) => f.t.api(method, `${p()}${path}`, { token: developer.token, body });

    const remoteTags = async () => {
      const res = await f.cli.git(['ls-remote', '--tags', httpUrl(f.baseUrl, project.path, f.t.rootToken)]);
      assert.equal(res.code, 0, res.stderr);
      return res.stdout;
    };

    before(async () => {
      f = await startGitFixture(dialect);
      project = await f.createProject('released');
      const work = await f.seed(project.path);
      head = (await f.cli.git(['rev-parse', 'HEAD'], { cwd: work })).stdout.trim();
      developer = await f.projectToken(project.id, ['api'], 30, { name: 'semantic-release' });
      reporter = (await f.projectToken(project.id, ['api'], 20)).token;
    });
    after(() => f.close());

    test('POST /projects/:id/releases with ref creates the tag and the release with its asset links (201), as semantic-release sends it', async () => {
      f.t.clock.set('2026-12-01T12:00:00.000Z');
      const res = await asDeveloper('POST', '/releases', {
        tag_name: 'v1.0.0',
        ref: 'main',
        name: 'v1.0.0',
        description: '## Features\n\n* first',
        milestones: [],
        assets: {
          links: [
            { name: 'linux binary', url: 'https://example.com/app-linux', link_type: 'package', direct_asset_path: '/bin/app-linux' },
            { name: 'docs', url: 'http://example.com/docs' },
          ],
        },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.deepEqual(Object.keys(res.body).sort(), RELEASE_KEYS);
      const web = `${f.t.config.externalUrl}/${project.path}`;
      assert.equal(res.body.tag_name, 'v1.0.0');
      assert.equal(res.body.description, '## Features\n\n* first');
      assert.equal(res.body.released_at, '2026-12-01T12:00:00.000Z');
      assert.equal(res.body.created_at, '2026-12-01T12:00:00.000Z');
      assert.equal(res.body.upcoming_release, false);
      assert.equal(res.body.historical_release, false);
      assert.equal(res.body.author.id, developer.userId);
      assert.equal(res.body.author.name, 'semantic-release');
      assert.equal(res.body.commit.id, head);
      assert.equal(res.body.commit_path, `/${project.path}/-/commit/${head}`);
      assert.equal(res.body.tag_path, `/${project.path}/-/tags/v1.0.0`);
      assert.equal(res.body.assets.count, 6);
      assert.deepEqual(res.body.assets.sources, ['zip', 'tar.gz', 'tar.bz2', 'tar'].map((format) => ({ format, url: `${web}/-/archive/v1.0.0/released-v1.0.0.${format}` })));
      assert.deepEqual(
        res.body.assets.links.map(({ id: _id, ...link }: any) => link),
        // Newest first: links made together come last to first.
        [
          { name: 'docs', url: 'http://example.com/docs', direct_asset_url: 'http://example.com/docs', link_type: 'other' },
          { name: 'linux binary', url: 'https://example.com/app-linux', direct_asset_url: `${web}/-/releases/v1.0.0/downloads/bin/app-linux`, link_type: 'package' },
        ],
      );
      assert.equal(res.body._links.self, `${web}/-/releases/v1.0.0`);
      assert.equal(res.body._links.edit_url, `${web}/-/releases/v1.0.0/edit`);
      assert.deepEqual(res.body.evidences, []);
      // The tag is real: git sees it, and the tags API shows the release.
      assert.match(await remoteTags(), new RegExp(`^${head}\trefs/tags/v1.0.0$`, 'm'));
      const tag = await f.t.api('GET', `${p()}/repository/tags/v1.0.0`, { token: reporter });
      assert.deepEqual(tag.body.release, { tag_name: 'v1.0.0', description: '## Features\n\n* first' });
    });

    test('POST with tag_message makes an annotated tag; on an existing tag ref is not needed; name defaults to the tag', async () => {
      const annotated = await asDeveloper('POST', '/releases', { tag_name: 'v1.1.0', ref: head, tag_message: 'Release 1.1.0' });
      assert.equal(annotated.status, 201, JSON.stringify(annotated.body));
      assert.equal(annotated.body.name, 'v1.1.0');
      assert.equal(annotated.body.description, null);
      const tag = await f.t.api('GET', `${p()}/repository/tags/v1.1.0`, { token: reporter });
      assert.equal(tag.body.message, 'Release 1.1.0');
      assert.notEqual(tag.body.target, head);
      assert.equal((await asDeveloper('POST', '/repository/tags', { tag_name: 'v1.2.0', ref: 'main' })).status, 201);
      const onTag = await asDeveloper('POST', '/releases', { tag_name: 'v1.2.0', name: 'Second', description: 'notes' });
      assert.equal(onTag.status, 201, JSON.stringify(onTag.body));
      assert.equal(onTag.body.name, 'Second');
    });

    test('POST refuses an existing release (409), a missing tag without ref (422), milestones, bad links and bad refs, creating nothing', async () => {
      const answer = async (body: object) => asDeveloper('POST', '/releases', body).then((r) => [r.status, r.body]);
      assert.deepEqual(await answer({ tag_name: 'v1.0.0', ref: 'main' }), [409, { message: 'Release already exists' }]);
      assert.deepEqual(await answer({ tag_name: 'v9.0.0' }), [422, { message: 'Ref is not specified' }]);
      assert.deepEqual(await answer({ tag_name: 'v9.0.0', ref: 'main', milestones: ['m1', 'm2'] }), [400, { message: 'Milestone(s) not found: m1, m2' }]);
      assert.deepEqual(await answer({ tag_name: 'v9.0.0', ref: 'nope' }), [400, { message: 'Target nope is invalid' }]);
      assert.deepEqual(await answer({ tag_name: 'bad name', ref: 'main' }), [400, { message: 'Tag name invalid' }]);
      const scheme = await answer({ tag_name: 'v9.0.0', ref: 'main', assets: { links: [{ name: 'x', url: 'javascript:alert(1)' }] } });
      assert.deepEqual(scheme, [400, { message: 'Validation failed: Links url is blocked: Only allowed schemes are http, https, ftp' }]);
      const twice = await answer({ tag_name: 'v9.0.0', ref: 'main', assets: { links: [{ name: 'x', url: 'https://a.example' }, { name: 'x', url: 'https://b.example' }] } });
      assert.deepEqual(twice, [400, { message: 'Validation failed: Links name has already been taken' }]);
      assert.deepEqual(await answer({ tag_name: 'v9.0.0', ref: 'main', assets: { links: [{ name: 'x' }] } }), [400, { error: 'url is missing' }]);
      assert.deepEqual(await answer({ ref: 'main' }), [400, { error: 'tag_name is missing' }]);
      assert.deepEqual(await answer({ tag_name: 'v9.0.0', ref: 'main', released_at: 'yesterday' }), [400, { error: 'released_at is invalid' }]);
      assert.doesNotMatch(await remoteTags(), /v9\.0\.0/);
      assert.equal((await f.t.api('GET', `${p()}/releases/v9.0.0`)).status, 404);
    });

    test('two requests creating the same release (and its tag) at once: one 201, the other 409; one tag, one release', async () => {
      const make = () => asDeveloper('POST', '/releases', { tag_name: 'v1.5.0', ref: 'main', assets: { links: [{ name: 'a', url: 'https://a.example' }] } });
      const answers = await Promise.all([make(), make()]);
      assert.deepEqual(answers.map((r) => [r.status, r.status === 409 ? r.body : null]).sort(), [[201, null], [409, { message: 'Release already exists' }]]);
      const links = await f.t.api('GET', `${p()}/releases/v1.5.0/assets/links`);
      assert.equal(links.body.length, 1);
      assert.equal((await asDeveloper('DELETE', '/repository/tags/v1.5.0')).status, 204);
      assert.equal((await f.t.api('GET', `${p()}/releases/v1.5.0`)).status, 404);
    });

    test('released_at in the future makes an upcoming release, in the past a historical one; the list orders by released_at, newest first', async () => {
      f.t.clock.set('2026-12-01T13:00:00.000Z');
      const upcoming = await asDeveloper('POST', '/releases', { tag_name: 'v2.0.0', ref: 'main', released_at: '2027-06-01T00:00:00Z' });
      assert.equal(upcoming.status, 201, JSON.stringify(upcoming.body));
      assert.equal(upcoming.body.released_at, '2027-06-01T00:00:00.000Z');
      assert.equal(upcoming.body.upcoming_release, true);
      const historical = await asDeveloper('POST', '/releases', { tag_name: 'v0.9.0', ref: 'main', released_at: '2020-01-01' });
      assert.equal(historical.body.upcoming_release, false);
      assert.equal(historical.body.historical_release, true);
      const names = async (query: string) => ((await f.t.api('GET', `${p()}/releases${query}`, { token: reporter })).body as any[]).map((r) => r.tag_name);
      assert.deepEqual(await names(''), ['v2.0.0', 'v1.2.0', 'v1.1.0', 'v1.0.0', 'v0.9.0']);
      assert.deepEqual(await names('?sort=asc'), ['v0.9.0', 'v1.0.0', 'v1.1.0', 'v1.2.0', 'v2.0.0']);
      assert.deepEqual(await names('?order_by=created_at&sort=asc'), ['v1.0.0', 'v1.1.0', 'v1.2.0', 'v2.0.0', 'v0.9.0']);
      const page = await f.t.api('GET', `${p()}/releases?per_page=2&page=2`, { token: reporter });
      assert.deepEqual(page.body.map((r: any) => r.tag_name), ['v1.1.0', 'v1.0.0']);
      assert.equal(page.headers['x-total'], '5');
      // A Reporter may not edit: no edit_url.
      assert.equal(page.body[0]._links.edit_url, undefined);
    });

    test('GET /projects/:id/releases/permalink/latest redirects to the latest release, with the rest of the path and the query', async () => {
      const latest = await f.t.api('GET', `${p()}/releases/permalink/latest`, { token: reporter });
      assert.equal(latest.status, 302);
      assert.equal(latest.headers.location, `${f.t.config.externalUrl}/api/v4/projects/${project.id}/releases/v2.0.0`);
      const suffixed = await f.t.api('GET', `${p()}/releases/permalink/latest/assets/links?per_page=1&order_by=x`, { token: reporter });
      assert.equal(suffixed.headers.location, `${f.t.config.externalUrl}/api/v4/projects/${project.id}/releases/v2.0.0/assets/links?per_page=1`);
      const escape = await f.t.api('GET', `${p()}/releases/permalink/latest/..%2F..%2Fuser`, { token: reporter });
      assert.equal(escape.status, 400);
      const empty = await f.createProject('no-releases');
      const none = await f.t.api('GET', `/projects/${empty.id}/releases/permalink/latest`);
      // GitLab's bare not_found!: "Not Found", where a missing link (RecordNotFound) is "Not found".
      assert.deepEqual([none.status, none.body], [404, { message: '404 Not Found' }]);
    });

    test('PUT /projects/:id/releases/:tag_name changes name, description and released_at; GitLab\'s refusals otherwise', async () => {
      const res = await asDeveloper('PUT', '/releases/v1.2.0', { name: 'Renamed', description: 'better notes', released_at: '2026-11-30T00:00:00Z' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.name, 'Renamed');
      assert.equal(res.body.description, 'better notes');
      assert.equal(res.body.released_at, '2026-11-30T00:00:00.000Z');
      assert.equal((await f.t.api('GET', `${p()}/releases/v1.2.0`)).body.name, 'Renamed');
      assert.deepEqual(await asDeveloper('PUT', '/releases/v1.2.0', {}).then((r) => [r.status, r.body]), [400, { message: 'params is empty' }]);
      // GitLab authorizes update_release against the release first: none there is 403 (its spec's "no corresponding releases").
      assert.deepEqual(await asDeveloper('PUT', '/releases/nope', { name: 'x' }).then((r) => [r.status, r.body]), [403, { message: '403 Forbidden' }]);
      assert.equal((await asDeveloper('POST', '/repository/tags', { tag_name: 'bare', ref: 'main' })).status, 201);
      assert.deepEqual(await asDeveloper('PUT', '/releases/bare', { name: 'x' }).then((r) => [r.status, r.body]), [403, { message: '403 Forbidden' }]);
      assert.deepEqual(await asDeveloper('DELETE', '/releases/bare').then((r) => [r.status, r.body]), [403, { message: '403 Forbidden' }]);
      assert.deepEqual(await asDeveloper('PUT', '/releases/v1.2.0', { milestones: ['m'] }).then((r) => [r.status, r.body]), [400, { message: 'Milestone(s) not found: m' }]);
    });

    test('release links: list newest first, get, create (201), update, delete (200 with the link); duplicates and bad URLs are 400', async () => {
      const base = '/releases/v1.0.0/assets/links';
      const listed = await f.t.api('GET', `${p()}${base}`, { token: reporter });
      assert.equal(listed.status, 200);
      assert.equal(listed.headers['x-total'], '2');
      const created = await asDeveloper('POST', base, { name: 'checksums', url: 'ftp://example.com/SHA256SUMS', filepath: 'sums/SHA256SUMS', link_type: 'other' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.deepEqual(Object.keys(created.body).sort(), ['direct_asset_url', 'id', 'link_type', 'name', 'url']);
      assert.equal(created.body.direct_asset_url, `${f.t.config.externalUrl}/${project.path}/-/releases/v1.0.0/downloads/sums/SHA256SUMS`);
      assert.equal((await f.t.api('GET', `${p()}${base}`, { token: reporter })).body[0].name, 'checksums');
      const got = await f.t.api('GET', `${p()}${base}/${created.body.id}`, { token: reporter });
      assert.deepEqual(got.body, created.body);
      assert.deepEqual(await asDeveloper('POST', base, { name: 'checksums', url: 'https://other.example' }).then((r) => [r.status, r.body]), [400, { message: ['Name has already been taken'] }]);
      assert.deepEqual(await asDeveloper('POST', base, { name: 'again', url: 'ftp://example.com/SHA256SUMS' }).then((r) => [r.status, r.body]), [400, { message: ['Url has already been taken'] }]);
      assert.deepEqual(await asDeveloper('POST', base, { name: 'evil', url: 'file:///etc/passwd' }).then((r) => r.status), 400);
      assert.deepEqual(await asDeveloper('POST', base, { name: 'evil', url: 'https://e.example', direct_asset_path: '/../x' }).then((r) => [r.status, r.body]), [400, { message: ['Filepath is in an invalid format'] }]);
      assert.deepEqual(await asDeveloper('POST', base, { name: 'kind', url: 'https://k.example', link_type: 'virus' }).then((r) => [r.status, r.body]), [400, { error: 'link_type does not have a valid value' }]);
      const updated = await asDeveloper('PUT', `${base}/${created.body.id}`, { name: 'sums', link_type: 'runbook' });
      assert.equal(updated.status, 200, JSON.stringify(updated.body));
      assert.equal(updated.body.name, 'sums');
      assert.equal(updated.body.url, 'ftp://example.com/SHA256SUMS');
      assert.equal(updated.body.link_type, 'runbook');
      assert.deepEqual(await asDeveloper('PUT', `${base}/${created.body.id}`, { link_type: 'image' }).then((r) => [r.status, r.body]), [400, { error: 'name, url are missing, at least one parameter must be provided' }]);
      const deleted = await asDeveloper('DELETE', `${base}/${created.body.id}`);
      assert.equal(deleted.status, 200);
      assert.equal(deleted.body.name, 'sums');
      for (const [method, path] of [['GET', `${base}/${created.body.id}`], ['DELETE', `${base}/${created.body.id}`], ['GET', '/releases/nope/assets/links'], ['GET', `${base}/99999999999999999999`]] as const) {
        const missing = await asDeveloper(method, path);
        assert.deepEqual([missing.status, missing.body], [404, { message: '404 Not found' }], `${method} ${path}`);
      }
      assert.deepEqual(await asDeveloper('GET', `${base}/abc`).then((r) => [r.status, r.body]), [400, { error: 'link_id is invalid' }]);
    });

    test('DELETE /projects/:id/releases/:tag_name answers the release and keeps its tag; deleting a tag takes its release along', async () => {
      const res = await asDeveloper('DELETE', '/releases/v1.0.0');
      assert.equal(res.status, 200);
      assert.equal(res.body.tag_name, 'v1.0.0');
      assert.equal(res.body.assets.links.length, 2);
      assert.deepEqual(await f.t.api('GET', `${p()}/releases/v1.0.0`).then((r) => [r.status, r.body]), [404, { message: '404 Not Found' }]);
      assert.match(await remoteTags(), /refs\/tags\/v1\.0\.0$/m);
      assert.equal((await f.t.api('GET', `${p()}/repository/tags/v1.0.0`)).body.release, null);
      assert.equal((await asDeveloper('DELETE', '/repository/tags/v1.1.0')).status, 204);
      assert.equal((await f.t.api('GET', `${p()}/releases/v1.1.0`)).status, 404);
    });

    test('a Reporter reads releases but may not write them (403); read_api is refused writes; a Guest and outsiders may not read', async () => {
      assert.equal((await f.t.api('GET', `${p()}/releases/v1.2.0`, { token: reporter })).status, 200);
      for (const [method, path, body] of [
        ['POST', '/releases', { tag_name: 'v5', ref: 'main' }],
        ['PUT', '/releases/v1.2.0', { name: 'x' }],
        ['DELETE', '/releases/v1.2.0', undefined],
        ['POST', '/releases/v1.2.0/assets/links', { name: 'x', url: 'https://x.example' }],
      ] as const) {
        const refused = await f.t.api(method, `${p()}${path}`, { token: reporter, body });
        assert.deepEqual([refused.status, refused.body], [403, { message: '403 Forbidden' }], `${method} ${path}`);
      }
      const readApi = (await f.projectToken(project.id, ['read_api'], 40)).token;
      assert.equal((await f.t.api('GET', `${p()}/releases`, { token: readApi })).status, 200);
      const scoped = await f.t.api('POST', `${p()}/releases`, { token: readApi, body: { tag_name: 'v5', ref: 'main' } });
      assert.equal(scoped.body.error, 'insufficient_scope');
      const guest = (await f.projectToken(project.id, ['api'], 10)).token;
      assert.equal((await f.t.api('GET', `${p()}/releases`, { token: guest })).status, 403);
      const outsider = await f.t.createUser('release-outsider');
      assert.deepEqual((await f.t.api('GET', `${p()}/releases`, { token: outsider.token })).body, { message: '404 Project Not Found' });
      assert.equal((await f.t.api('GET', `${p()}/releases/permalink/latest`, { token: null })).status, 404);
      assert.doesNotMatch(await remoteTags(), /refs\/tags\/v5$/m);
    });

    test('revoking the token of the bot that released moves its releases to the Ghost User', async () => {
      const bot = await f.projectToken(project.id, ['api'], 30, { name: 'short-lived' });
      assert.equal((await f.t.api('POST', `${p()}/releases`, { token: bot.token, body: { tag_name: 'v3.0.0', ref: 'main' } })).status, 201);
      assert.equal((await f.t.api('DELETE', `${p()}/access_tokens/${bot.id}`)).status, 204);
      const release = await f.t.api('GET', `${p()}/releases/v3.0.0`);
      assert.equal(release.status, 200);
      assert.equal(release.body.author.username, 'ghost');
      assert.equal(release.body.author.name, 'Ghost User');
    });
  });
}
