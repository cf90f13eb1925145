import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { createProject, createProjectToken, type TestProject } from '../helpers/project-tokens.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

for (const dialect of DIALECTS) {
  describe(`merge requests of a revoked project bot (${dialect})`, () => {
    let t: TestApp;
    let owner: { id: number; token: string };
    let project: TestProject;

    before(async () => {
      t = await startTestApp(dialect);
      owner = await t.createUser('owner');
      project = await createProject(t, owner.token, 'shop');
      const p = `/projects/${project.id}`;
      assert.equal((await t.api('POST', `${p}/repository/files/README.md`, { token: owner.token, body: { branch: 'main', content: '# hi\n', commit_message: 'init' } })).status, 201);
      assert.equal((await t.api('POST', `${p}/repository/files/bot.txt`, { token: owner.token, body: { branch: 'bot-change', start_branch: 'main', content: 'x\n', commit_message: 'bot' } })).status, 201);
    });
    after(() => t.close());

    test('DELETE /projects/:id/access_tokens/:id: the bot\'s merge request, notes, resolved thread and approval survive, authored by the Ghost User', async () => {
      const p = `/projects/${project.id}`;
      const bot = await createProjectToken(t, project.id, { name: 'renovate', access_level: 30 }, owner.token);
      const mr = await t.api('POST', `${p}/merge_requests`, { token: bot.token, body: { source_branch: 'bot-change', target_branch: 'main', title: 'Update dependency' } });
      assert.equal(mr.status, 201, JSON.stringify(mr.body));
      const path = `${p}/merge_requests/${mr.body.iid}`;
      assert.equal((await t.api('POST', `${path}/notes`, { token: bot.token, body: { body: 'a bot comment' } })).status, 201);
      const thread = await t.api('POST', `${path}/discussions`, { token: bot.token, body: { body: 'a bot thread' } });
      assert.equal(thread.status, 201);
      assert.equal((await t.api('PUT', `${path}/discussions/${thread.body.id}`, { token: bot.token, body: { resolved: true } })).status, 200);
      assert.equal((await t.api('POST', `${path}/approve`, { token: bot.token })).status, 201);

      assert.equal((await t.api('DELETE', `${p}/access_tokens/${bot.id}`, { token: owner.token })).status, 204);

      assert.equal((await t.api('GET', `/users/${bot.userId}`, { token: owner.token })).status, 404);
      const shown = await t.api('GET', path, { token: owner.token });
      assert.equal(shown.status, 200);
      assert.equal(shown.body.author.username, 'ghost');
      assert.equal(shown.body.user_notes_count, 2);
      assert.equal(shown.body.blocking_discussions_resolved, true);
      const notes = await t.api('GET', `${path}/notes?sort=asc`, { token: owner.token });
      assert.deepEqual(notes.body.map((n: { body: string; author: { username: string } }) => [n.body, n.author.username]), [['a bot comment', 'ghost'], ['a bot thread', 'ghost']]);
      const discussion = await t.api('GET', `${path}/discussions/${thread.body.id}`, { token: owner.token });
      assert.equal(discussion.body.notes[0].resolved, true);
      assert.equal(discussion.body.notes[0].resolved_by.username, 'ghost');
      const approvals = await t.api('GET', `${path}/approvals`, { token: owner.token });
      assert.deepEqual(approvals.body.approved_by.map((a: { user: { username: string } }) => a.user.username), ['ghost']);
      const events = (await t.api('GET', `${p}/events?per_page=100`, { token: owner.token })).body;
      assert.equal(events.filter((e: { author_id: number }) => e.author_id === bot.userId).length, 0);
      assert.ok(events.some((e: { action_name: string; author: { username: string } }) => e.action_name === 'commented on' && e.author.username === 'ghost'));
    });
  });
}
