import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { signedInMember } from './signed-in-member.ts';
import type { WebClient } from './web-client.ts';

/** A Guest of a private project may see the project, never its code: every repository page is 404 to them, as on GitLab. */
for (const dialect of DIALECTS) {
  describe(`repository pages to a Guest of a private project (${dialect})`, () => {
    let f: GitFixture;
    let project: { id: number; path: string };
    let sha: string;
    let guest: WebClient;
    let reporter: WebClient;

    before(async () => {
      f = await startGitFixture(dialect);
      project = await f.createProject('guarded');
      const work = await f.seed(project.path);
      await f.cli.commit(work, { 'secret-plan.md': 'Guarded words\n' }, 'Guarded commit message');
      const pushed = await f.cli.git(['push', '--quiet', 'origin', 'main:main', 'main:feature'], { cwd: work });
      assert.equal(pushed.code, 0, pushed.stderr);
      sha = (await f.cli.git(['rev-parse', 'HEAD'], { cwd: work })).stdout.trim();
      const release = await f.t.api('POST', `/projects/${project.id}/releases`, { body: { tag_name: 'v1.0', ref: 'main', name: 'Guarded release', description: 'Guarded notes' } });
      assert.equal(release.status, 201, JSON.stringify(release.body));
      guest = await signedInMember(f.t, project.id, 'pages-guest', 10);
      reporter = await signedInMember(f.t, project.id, 'pages-reporter', 20);
    });
    after(async () => {
      await f?.close();
    });

    const families: Record<string, string[]> = {
      files: ['/-/tree/main', '/-/tree/main/docs', '/-/blob/main/secret-plan.md', '/-/raw/main/secret-plan.md'],
      history: ['/-/commits/main', '/-/commit/SHA', '/-/compare/main...feature', '/-/compare'],
      branches: ['/-/branches'],
      tags: ['/-/tags', '/-/tags/v1.0'],
      releases: ['/-/releases', '/-/releases/v1.0'],
    };

    for (const [family, pages] of Object.entries(families)) {
      test(`the ${family} pages answer 404 to a Guest and show a Reporter the code`, async () => {
        for (const page of pages.map((p) => p.replace('SHA', sha))) {
          const hidden = await guest.get(`/${project.path}${page}`);
          assert.equal(hidden.status, 404, `${page}: ${hidden.status}`);
          assert.match(hidden.body, /Page not found/, page);
          assert.ok(!/Guarded (words|commit message|release|notes)/.test(hidden.body), page);
          const shown = await reporter.get(`/${project.path}${page}`);
          assert.equal(shown.status, 200, `${page}: ${shown.status}`);
        }
      });
    }

    test('the delete forms answer 404 to a Guest, as their pages, naming nothing, and delete nothing', async () => {
      await guest.get(`/${project.path}`); // the CSRF token of a page the Guest may see
      for (const [form, name] of [['/-/branches/delete', 'feature'], ['/-/tags/delete', 'v1.0']] as const) {
        const refused = await guest.post(`/${project.path}${form}`, { name });
        assert.equal(refused.status, 404, `${form}: ${refused.status}`);
        assert.match(refused.body, /Page not found/, form);
        assert.ok(!refused.body.includes(name === 'feature' ? 'feature' : 'v1.0'), `${form} names no ref`);
      }
      const kept = await reporter.get(`/${project.path}/-/branches`);
      assert.match(kept.body, /feature/);
      assert.match((await reporter.get(`/${project.path}/-/tags`)).body, /v1\.0/);
    });
  });
}
