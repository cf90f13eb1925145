import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startGitFixture, type GitFixture } from './git-fixture.ts';

for (const dialect of DIALECTS) {
  describe(`releases of protected tags (${dialect})`, () => {
    let f: GitFixture;
    let project: { id: number; path: string };
    let developer: string;
    let maintainer: string;
    const p = () => `/projects/${project.id}`;

    before(async () => {
      f = await startGitFixture(dialect);
      project = await f.createProject('guarded');
      await f.seed(project.path);
      developer = (await f.projectToken(project.id, ['api'], 30, { name: 'dev-bot' })).token;
      maintainer = (await f.projectToken(project.id, ['api'], 40, { name: 'maintainer-bot' })).token;
      assert.equal((await f.t.api('POST', `${p()}/protected_tags`, { body: { name: 'v*', create_access_level: 40 } })).status, 201);
      assert.equal((await f.t.api('POST', `${p()}/releases`, { body: { tag_name: 'v1.0', ref: 'main' } })).status, 201);
    });
    after(() => f.close());

    test('POST /projects/:id/releases by a Developer for a protected tag is 403 with the release service message, and makes no tag', async () => {
      const forNewTag = await f.t.api('POST', `${p()}/releases`, { token: developer, body: { tag_name: 'v2.0', ref: 'main' } });
      assert.equal(forNewTag.status, 403);
      assert.deepEqual(forNewTag.body, { message: 'You are not allowed to create this tag as it is protected.' });
      assert.equal((await f.t.api('GET', `${p()}/repository/tags/v2.0`)).status, 404);

      assert.equal((await f.t.api('DELETE', `${p()}/releases/v1.0`)).status, 200);
      const forExistingTag = await f.t.api('POST', `${p()}/releases`, { token: developer, body: { tag_name: 'v1.0' } });
      assert.equal(forExistingTag.status, 403);
      assert.deepEqual(forExistingTag.body, { message: 'You are not allowed to create this tag as it is protected.' });
      assert.equal((await f.t.api('GET', `${p()}/releases/v1.0`)).status, 404);
      assert.equal((await f.t.api('POST', `${p()}/releases`, { token: maintainer, body: { tag_name: 'v1.0', description: 'by a maintainer' } })).status, 201);
    });

    test('PUT and DELETE /projects/:id/releases/:tag_name and its links by a Developer on a protected tag are 403 Forbidden and change nothing', async () => {
      const link = await f.t.api('POST', `${p()}/releases/v1.0/assets/links`, { token: maintainer, body: { name: 'bin', url: 'https://example.com/bin' } });
      assert.equal(link.status, 201);
      const refusals = [
        await f.t.api('PUT', `${p()}/releases/v1.0`, { token: developer, body: { description: 'hijacked' } }),
        await f.t.api('DELETE', `${p()}/releases/v1.0`, { token: developer }),
        await f.t.api('POST', `${p()}/releases/v1.0/assets/links`, { token: developer, body: { name: 'evil', url: 'https://example.com/evil' } }),
        await f.t.api('PUT', `${p()}/releases/v1.0/assets/links/${link.body.id}`, { token: developer, body: { url: 'https://example.com/evil' } }),
        await f.t.api('DELETE', `${p()}/releases/v1.0/assets/links/${link.body.id}`, { token: developer }),
      ];
      for (const res of refusals) assert.deepEqual([res.status, res.body], [403, { message: '403 Forbidden' }]);
      const release = await f.t.api('GET', `${p()}/releases/v1.0`, { token: developer });
      assert.equal(release.body.description, 'by a maintainer');
      // GitLab shows edit_url only to whoever may edit the release.
      assert.equal(release.body._links.edit_url, undefined);
      assert.equal((await f.t.api('GET', `${p()}/releases`, { token: developer })).body[0]._links.edit_url, undefined);
      assert.match((await f.t.api('GET', `${p()}/releases/v1.0`, { token: maintainer })).body._links.edit_url, /\/-\/releases\/v1\.0\/edit$/);
      assert.deepEqual(release.body.assets.links.map((l: any) => [l.name, l.url]), [['bin', 'https://example.com/bin']]);
      assert.equal((await f.t.api('PUT', `${p()}/releases/v1.0`, { token: maintainer, body: { description: 'edited' } })).status, 200);
    });

    test('a Developer still creates and edits releases of unprotected tags', async () => {
      const res = await f.t.api('POST', `${p()}/releases`, { token: developer, body: { tag_name: 'nightly-1', ref: 'main' } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal((await f.t.api('PUT', `${p()}/releases/nightly-1`, { token: developer, body: { description: 'ok' } })).status, 200);
      assert.match((await f.t.api('GET', `${p()}/releases/nightly-1`, { token: developer })).body._links.edit_url, /\/-\/releases\/nightly-1\/edit$/);
    });
  });
}
