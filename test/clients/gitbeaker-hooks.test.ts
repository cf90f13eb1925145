import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Gitlab } from '@gitbeaker/rest';
import { DIALECTS } from '../helpers/databases.ts';
import { createProjectToken } from '../helpers/project-tokens.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { refusalOf } from './gitbeaker-status.ts';

// A project's webhooks managed by an unmodified GitLab client, @gitbeaker/rest (ProjectHooks),
// against a listening Latchkey, with a Maintainer project access token.

for (const dialect of DIALECTS) {
  describe(`@gitbeaker/rest against Latchkey: project hooks (${dialect})`, () => {
    let t: TestApp;
    let host: string;

    before(async () => {
      t = await startTestApp(dialect);
      host = await t.app.http.listen({ host: '127.0.0.1', port: 0 });
    });
    after(() => t.close());

    test('add, all, show, edit and remove through ProjectHooks; the token never comes back', async () => {
      const admin = new Gitlab({ host, token: t.rootToken });
      const project = await admin.Projects.create({ name: 'gitbeaker-hooks' });
      const bot = new Gitlab({ host, token: (await createProjectToken(t, project.id, { name: 'hooks bot', access_level: 40 })).token });

      const added = await bot.ProjectHooks.add(project.id, 'https://hooks.example.com/gitbeaker', {
        token: 'gitbeaker-secret',
        mergeRequestsEvents: true,
        pushEventsBranchFilter: 'release/*',
      });
      assert.equal(added.url, 'https://hooks.example.com/gitbeaker');
      assert.equal(added.merge_requests_events, true);
      assert.equal(added.push_events, true);
      assert.equal(added.push_events_branch_filter, 'release/*');
      assert.equal(added.project_id, project.id);
      assert.equal('token' in added, false);

      const all = await bot.ProjectHooks.all(project.path_with_namespace);
      assert.deepEqual(all.map((hook) => hook.id), [added.id]);
      const shown = await bot.ProjectHooks.show(project.id, added.id);
      assert.equal(shown.alert_status, 'executable');
      assert.ok(!JSON.stringify(shown).includes('gitbeaker-secret'));

      const edited = await bot.ProjectHooks.edit(project.id, added.id, 'https://hooks.example.com/gitbeaker-2', { pushEvents: false, releasesEvents: true });
      assert.equal(edited.url, 'https://hooks.example.com/gitbeaker-2');
      assert.equal(edited.push_events, false);
      assert.equal(edited.releases_events, true);
      assert.equal(edited.merge_requests_events, true);

      const [status, message] = await refusalOf(bot.ProjectHooks.add(project.id, 'http://169.254.169.254/latest/meta-data'));
      assert.equal(status, 422);
      assert.match(message, /Invalid url given/);

      await bot.ProjectHooks.remove(project.id, added.id);
      assert.deepEqual(await bot.ProjectHooks.all(project.id), []);
    });
  });
}
