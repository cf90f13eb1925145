import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Gitlab } from '@gitbeaker/rest';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { statusOf } from './gitbeaker-status.ts';
import { rotateTwice } from './gitbeaker-token-rotation.ts';

// The whole life of a project access token driven by an unmodified GitLab client, @gitbeaker/rest,
// against a listening Latchkey: create, all, show, use, rotate (by id and self), revoke.

for (const dialect of DIALECTS) {
  describe(`@gitbeaker/rest against Latchkey: project access tokens (${dialect})`, () => {
    let t: TestApp;
    let host: string;

    before(async () => {
      t = await startTestApp(dialect);
      host = await t.app.http.listen({ host: '127.0.0.1', port: 0 });
    });
    after(() => t.close());

    test('create, all, show, rotate, rotate self and revoke through ProjectAccessTokens, using the tokens in between', async () => {
      const admin = new Gitlab({ host, token: t.rootToken });
      const project = await admin.Projects.create({ name: 'gitbeaker-project' });

      const created = await admin.ProjectAccessTokens.create(project.id, 'gitbeaker bot', ['api', 'read_repository'], '2027-01-01', {
        accessLevel: 30,
      });
      assert.equal(created.name, 'gitbeaker bot');
      assert.deepEqual(created.scopes, ['api', 'read_repository']);
      assert.equal(created.access_level, 30);
      assert.equal(created.expires_at, '2027-01-01');
      assert.equal(created.active, true);
      assert.match(created.token, /^glpat-/);

      const all = await admin.ProjectAccessTokens.all(project.path_with_namespace);
      assert.deepEqual(all.map((token) => token.id), [created.id]);
      assert.equal('token' in all[0]!, false);

      const shown = await admin.ProjectAccessTokens.show(project.id, created.id);
      assert.deepEqual([shown.id, shown.name, shown.revoked, shown.user_id], [created.id, 'gitbeaker bot', false, created.user_id]);

      const asBot = new Gitlab({ host, token: created.token });
      const me = await asBot.Users.showCurrentUser();
      assert.equal(me.id, created.user_id);
      assert.equal(me.bot, true);
      const issue = await asBot.Issues.create(project.id, 'filed by a bot through gitbeaker');
      assert.equal(issue.author.id, created.user_id);

      const { itself, asRotated, asItself } = await rotateTwice(host, admin, (client) => client.ProjectAccessTokens, project.id, created);

      await admin.ProjectAccessTokens.revoke(project.id, itself.id);
      assert.equal(await statusOf(asItself.Users.showCurrentUser()), 401);
      // Only now: presenting a rotated-away token while its successor lives revokes the whole chain.
      assert.equal(await statusOf(asBot.Users.showCurrentUser()), 401);
      assert.equal(await statusOf(asRotated.Users.showCurrentUser()), 401);
      assert.equal((await admin.ProjectAccessTokens.show(project.id, itself.id)).revoked, true);
      const kept = await admin.Issues.show(issue.iid, { projectId: project.id });
      assert.equal(kept.author.username, 'ghost');

      assert.equal(await statusOf(admin.ProjectAccessTokens.revoke(project.id, itself.id)), 404);
      assert.equal(await statusOf(admin.ProjectAccessTokens.show(project.id, 999999)), 404);
    });
  });
}
