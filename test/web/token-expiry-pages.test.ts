import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { createProject, createProjectToken, type TestProject } from '../helpers/project-tokens.ts';
import { ROOT_PASSWORD, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { signedInMember } from './signed-in-member.ts';
import { WebClient, textOf } from './web-client.ts';

// The banner on a project's pages about access tokens expiring within a week or expired in the last
// week (Maintainers and up only), and the "Expires in N days" badge of the token tables.

function bannerOf(html: string): string | undefined {
  return /<section class="token-expiry-banner"[\s\S]*?<\/section>/.exec(html)?.[0];
}

for (const dialect of DIALECTS) {
  describe(`token expiry banner and badges (${dialect})`, () => {
    let t: TestApp;
    let project: TestProject;
    /** Root signed in now (a session does not outlive the days the test clock skips). */
    const signedInRoot = async () => {
      const root = new WebClient(t);
      await root.signIn('root', ROOT_PASSWORD);
      return root;
    };
    before(async () => {
      t = await startTestApp(dialect); // the clock stands at 2026-11-29T12:00Z
      project = await createProject(t, t.rootToken, 'banner');
      await createProjectToken(t, project.id, { name: 'soon <i>', expires_at: '2026-12-02' });
      await createProjectToken(t, project.id, { name: 'just-died', expires_at: '2026-11-30' });
      await createProjectToken(t, project.id, { name: 'later', expires_at: '2026-12-25' });
      const revoked = await createProjectToken(t, project.id, { name: 'revoked-soon', expires_at: '2026-12-03' });
      assert.equal((await t.api('DELETE', `/projects/${project.id}/access_tokens/${revoked.id}`)).status, 204);
    });
    after(() => t.close());

    test("a Maintainer sees the banner on the project's pages, naming the tokens near their expiry and linking to Access Tokens", async () => {
      t.clock.set('2026-12-01T09:00:00.000Z');
      const maintainer = await signedInMember(t, project.id, 'maint', 40);
      for (const path of [`/${project.path}`, `/${project.path}/-/project_members`, `/${project.path}/activity`]) {
        const page = await maintainer.get(path);
        assert.equal(page.status, 200, path);
        const banner = bannerOf(page.body);
        assert.ok(banner, `${path}: ${page.body.slice(page.body.indexOf("<main"), page.body.indexOf("<main") + 600)}`);
        const text = textOf(banner);
        assert.match(text, /2 project access tokens need attention/);
        assert.match(text, /just-died expired 1 day ago \(2026-11-30\)/);
        assert.match(text, /soon <i> expires tomorrow \(2026-12-02\)/);
        assert.ok(banner.includes('soon &lt;i'), banner);
        assert.doesNotMatch(text, /later|revoked-soon/);
        assert.match(banner, new RegExp(`href="/${project.path}/-/settings/access_tokens"`));
      }
    });

    test('Developers, non-members and pages outside the project never show it; it goes once the tokens are a week past', async () => {
      t.clock.set('2026-12-01T09:00:00.000Z');
      const developer = await signedInMember(t, project.id, 'dev', 30);
      assert.equal(bannerOf((await developer.get(`/${project.path}`)).body), undefined);
      assert.equal(bannerOf((await (await signedInRoot()).get('/')).body), undefined);
      t.clock.set('2026-12-08T23:59:59.999Z');
      const root = await signedInRoot();
      assert.match(textOf(bannerOf((await root.get(`/${project.path}`)).body) ?? ''), /soon <i> expired 6 days ago/);
      t.clock.set('2026-12-09T00:00:00.000Z'); // 'soon' expired 7 days ago, 'later' is 16 days away
      assert.equal(bannerOf((await root.get(`/${project.path}`)).body), undefined);
    });

    test('the token tables badge a token expiring within a week: project and personal tokens', async () => {
      t.clock.set('2026-12-01T09:00:00.000Z');
      const root = await signedInRoot();
      const tokens = await root.get(`/${project.path}/-/settings/access_tokens`);
      assert.equal(tokens.status, 200);
      const row = (name: string) => new RegExp(`<tr data-token-id="\\d+">(?:(?!</tr>)[\\s\\S])*${name}[\\s\\S]*?</tr>`).exec(tokens.body)?.[0] ?? '';
      assert.match(row('soon &lt;i'), /<span class="badge expiry">Expires tomorrow<\/span>/);
      assert.doesNotMatch(row('later'), /badge expiry/);
      assert.match(row('just-died'), /<span class="badge">Expired<\/span>/);

      const mine = await t.api('POST', '/users/1/personal_access_tokens', { body: { name: 'week', scopes: ['api'], expires_at: '2026-12-06' } });
      assert.equal(mine.status, 201);
      const personal = await root.get('/-/user_settings/personal_access_tokens');
      assert.match(personal.body, new RegExp(`<tr data-token-id="${mine.body.id}">[\\s\\S]*?<span class="badge expiry">Expires in 5 days</span>`));
    });
  });
}
