import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Gitlab } from '@gitbeaker/rest';
import { DIALECTS } from '../helpers/databases.ts';
import { createProjectToken } from '../helpers/project-tokens.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

// A triage bot as bots are written: an unmodified GitLab client, @gitbeaker/rest, with a project
// access token, against a listening Latchkey: it creates a label, files a labelled issue, finds
// it by label, relabels it, and cleans up.

for (const dialect of DIALECTS) {
  describe(`@gitbeaker/rest against Latchkey: labels (${dialect})`, () => {
    let t: TestApp;
    let host: string;

    before(async () => {
      t = await startTestApp(dialect);
      host = await t.app.http.listen({ host: '127.0.0.1', port: 0 });
    });
    after(() => t.close());

    test('ProjectLabels create/all/show/edit/remove and Issues create/all/edit with labels, as a project bot', async () => {
      const admin = new Gitlab({ host, token: t.rootToken });
      const project = await admin.Projects.create({ name: 'gitbeaker-labels' });
      const { token } = await createProjectToken(t, project.id, { name: 'triage bot', scopes: ['api'], access_level: 20 });
      const bot = new Gitlab({ host, token });

      const bug = await bot.ProjectLabels.create(project.id, 'bug', '#d9534f', { description: 'Something is broken', priority: 1 });
      assert.deepEqual([bug.name, bug.color, bug.text_color, bug.description, bug.priority, bug.is_project_label], [
        'bug',
        '#d9534f',
        '#FFFFFF',
        'Something is broken',
        1,
        true,
      ]);

      const issue = await bot.Issues.create(project.id, 'Crash when saving', { labels: 'bug,needs-triage', description: '- [ ] reproduce\n- [x] report' });
      assert.deepEqual(issue.labels, ['bug', 'needs-triage']);
      assert.deepEqual(issue.task_completion_status, { count: 2, completed_count: 1 });
      await bot.Issues.create(project.id, 'Unrelated');

      const found = await bot.Issues.all({ projectId: project.path_with_namespace, labels: 'bug' });
      assert.deepEqual(found.map((i) => i.iid), [issue.iid]);
      const others = await bot.Issues.all({ projectId: project.id, not: { labels: 'bug' } });
      assert.deepEqual(others.map((i) => i.title), ['Unrelated']);
      const detailed = await bot.Issues.all({ projectId: project.id, labels: 'bug', withLabelsDetails: true });
      assert.deepEqual(detailed[0]!.labels.map((label) => [label.name, label.color]), [
        ['bug', '#d9534f'],
        ['needs-triage', '#6699cc'],
      ]);

      const counted = await bot.ProjectLabels.all(project.id, { withCounts: true });
      assert.deepEqual(counted.map((label) => [label.name, label.open_issues_count]), [
        ['bug', 1],
        ['needs-triage', 1],
      ]);
      const shown = await bot.ProjectLabels.show(project.id, 'needs-triage');
      assert.equal(shown.color, '#6699cc');

      const renamed = await bot.ProjectLabels.edit(project.id, shown.id, { newName: 'triaged' });
      assert.deepEqual([renamed.name, renamed.color], ['triaged', '#6699cc']);
      const recolored = await bot.ProjectLabels.edit(project.id, 'triaged', { color: 'green' });
      assert.deepEqual([recolored.id, recolored.color], [shown.id, '#008000']);
      const relabelled = await bot.Issues.edit(project.id, issue.iid, { addLabels: 'confirmed', removeLabels: 'bug' });
      assert.deepEqual(relabelled.labels, ['confirmed', 'triaged']);

      await bot.ProjectLabels.remove(project.id, 'triaged');
      const remaining = await bot.ProjectLabels.all(project.id);
      assert.deepEqual(remaining.map((label) => label.name), ['bug', 'confirmed']);
      const after = await bot.Issues.show(issue.iid, { projectId: project.id });
      assert.deepEqual(after.labels, ['confirmed']);
    });
  });
}
