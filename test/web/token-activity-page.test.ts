import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { createProject, createProjectToken, type CreatedProjectToken, type TestProject } from '../helpers/project-tokens.ts';
import { ROOT_PASSWORD, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { signedInMember } from './signed-in-member.ts';
import { textOf, WebClient } from './web-client.ts';

for (const dialect of DIALECTS) {
  describe(`web: a project token's Activity page (${dialect})`, () => {
    let t: TestApp;
    let root: WebClient;
    let project: TestProject;
    let bot: CreatedProjectToken;
    let page: string;

    before(async () => {
      t = await startTestApp(dialect);
      root = new WebClient(t);
      await root.signIn('root', ROOT_PASSWORD);
      project = await createProject(t, t.rootToken, 'watched');
      bot = await createProjectToken(t, project.id, { name: 'deploy bot', scopes: ['api'], access_level: 30 });
      page = `/${project.path}/-/settings/access_tokens/${bot.id}/activity`;
    });
    after(() => t.close());

    test('the Access Tokens table links each token to its Activity page', async () => {
      const tokens = await root.get(`/${project.path}/-/settings/access_tokens`);
      assert.equal(tokens.status, 200);
      assert.ok(tokens.body.includes(`href="${page}"`), 'the link is on the row');
    });

    test('a Maintainer sees each use, newest first, with action, status, address and user agent, and filters by transport', async () => {
      await t.api('GET', `/projects/${project.id}/issues`, { token: bot.token, headers: { 'user-agent': 'renovate/39' } });
      t.clock.advance(1000);
      await t.api('POST', `/projects/${project.id}/issues`, { token: bot.token, body: {}, headers: { 'user-agent': '<script>alert(1)</script>' } });
      await t.app.deps.tokenActivity.flush();
      const res = await root.get(page);
      assert.equal(res.status, 200);
      const text = textOf(res.body);
      assert.match(text, /Activity of deploy bot/);
      assert.match(text, /POST \/api\/v4\/projects\/:id\/issues 400 127\.0\.0\.1 <script>alert\(1\)<\/script>.*GET \/api\/v4\/projects\/:id\/issues 200 127\.0\.0\.1 renovate\/39/);
      assert.doesNotMatch(res.body, /<script>alert/, 'the user agent is escaped');
      const ssh = await root.get(`${page}?transport=ssh`);
      assert.match(textOf(ssh.body), /No activity recorded\./);
    });

    test('paginated: 50 a page with a link to the next', async () => {
      const busy = await createProjectToken(t, project.id, { name: 'busy bot', scopes: ['api'], access_level: 30 });
      for (let i = 0; i < 51; i += 1) await t.api('GET', '/version', { token: busy.token });
      await t.app.deps.tokenActivity.flush();
      const base = `/${project.path}/-/settings/access_tokens/${busy.id}/activity`;
      const first = await root.get(base);
      assert.equal((first.body.match(/data-activity-id=/g) ?? []).length, 50);
      assert.ok(first.body.includes(`href="${base}?page=2"`));
      const second = await root.get(`${base}?page=2`);
      assert.equal((second.body.match(/data-activity-id=/g) ?? []).length, 1);
    });

    test('a Developer, an outsider and another project\'s token get no page', async () => {
      const developer = await signedInMember(t, project.id, 'dev', 30);
      const listing = await developer.get(`/${project.path}/-/settings/access_tokens`);
      const refused = await developer.get(page);
      assert.notEqual(refused.status, 200);
      assert.equal(refused.status, listing.status);
      const outsider = await signedInMember(t, project.id, 'outsider', null);
      assert.equal((await outsider.get(page)).status, 404);
      const other = await createProject(t, t.rootToken, 'elsewhere');
      const foreign = await createProjectToken(t, other.id, { name: 'foreign', scopes: ['api'], access_level: 30 });
      assert.equal((await root.get(`/${project.path}/-/settings/access_tokens/${foreign.id}/activity`)).status, 404);
    });
  });
}
