import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';

/**
 * A release is what users download: its notes and asset links follow its tag's protection, as in
 * GitLab. With `v*` protected for Maintainers, a Developer's bot can neither make a release of an
 * existing `v2.0`, nor edit, delete or relink the release of `v1.0` (403, nothing changes), while
 * it still releases the unprotected `nightly`.
 */
for (const dialect of DIALECTS) {
  describe(`releases of protected tags (${dialect})`, () => {
    let f: GitFixture;
    after(() => f?.close());
    before(async () => {
      f = await startGitFixture(dialect);
    });

    test('a Developer gets 403 on every release write of a protected tag, and the release stays as the Maintainer made it', async () => {
      const project = await f.createProject('protected-releases');
      await f.seed(project.path);
      const p = `/projects/${project.id}`;
      const developer = (await f.projectToken(project.id, ['api'], 30)).token;
      assert.equal((await f.t.api('POST', `${p}/protected_tags`, { body: { name: 'v*' } })).status, 201);
      const made = await f.t.api('POST', `${p}/releases`, {
        body: { tag_name: 'v1.0', ref: 'main', description: 'Signed binaries', assets: { links: [{ name: 'linux', url: 'https://example.com/linux' }] } },
      });
      assert.equal(made.status, 201);
      const linkId = made.body.assets.links[0].id;
      assert.equal((await f.t.api('POST', `${p}/repository/tags`, { body: { tag_name: 'v2.0', ref: 'main' } })).status, 201);
      const original = (await f.t.api('GET', `${p}/releases/v1.0`)).body;

      const attempts: [string, string, object | undefined][] = [
        ['POST', `${p}/releases`, { tag_name: 'v2.0', description: 'Not reviewed' }],
        ['PUT', `${p}/releases/v1.0`, { description: 'Download from evil.example' }],
        ['POST', `${p}/releases/v1.0/assets/links`, { name: 'windows', url: 'https://evil.example/windows' }],
        ['PUT', `${p}/releases/v1.0/assets/links/${linkId}`, { url: 'https://evil.example/linux' }],
        ['DELETE', `${p}/releases/v1.0/assets/links/${linkId}`, undefined],
        ['DELETE', `${p}/releases/v1.0`, undefined],
      ];
      for (const [method, url, body] of attempts) {
        const res = await f.t.api(method as 'POST', url, { token: developer, ...(body && { body }) });
        assert.equal(res.status, 403, `${method} ${url}: ${JSON.stringify(res.body)}`);
        // Creating answers the release service's words; the other writes GitLab's bare 403.
        const creates = method === 'POST' && url.endsWith('/releases');
        assert.deepEqual(res.body, { message: creates ? 'You are not allowed to create this tag as it is protected.' : '403 Forbidden' });
      }
      assert.deepEqual((await f.t.api('GET', `${p}/releases/v1.0`)).body, original);
      assert.equal((await f.t.api('GET', `${p}/releases/v2.0`)).status, 404);

      // Unprotected tags: the Developer releases, edits and deletes as before.
      assert.equal((await f.t.api('POST', `${p}/releases`, { token: developer, body: { tag_name: 'nightly', ref: 'main' } })).status, 201);
      assert.equal((await f.t.api('PUT', `${p}/releases/nightly`, { token: developer, body: { description: 'Tonight' } })).status, 200);
      assert.equal((await f.t.api('DELETE', `${p}/releases/nightly`, { token: developer })).status, 200);
    });
  });
}
