import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { repositoryPath } from '../../src/git/repository-path.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

for (const dialect of DIALECTS) {
  describe(`DELETE /users/:id (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
    });
    after(() => t.close());

    test('DELETE /users/:id moves the user\'s issues, notes and events elsewhere to the ghost user and removes their own projects', async () => {
      const owner = await t.createUser('keeper');
      const leaver = await t.createUser('leaver');
      const shared = (await t.api('POST', '/projects', { token: owner.token, body: { name: 'shared', visibility: 'internal' } })).body.id;
      await t.api('POST', `/projects/${shared}/members`, { token: owner.token, body: { user_id: leaver.id, access_level: 30 } });
      const issue = await t.api('POST', `/projects/${shared}/issues`, { token: leaver.token, body: { title: 'Left behind' } });
      await t.api('POST', `/projects/${shared}/issues/${issue.body.iid}/notes`, { token: leaver.token, body: { body: 'my comment' } });
      await t.api('PUT', `/projects/${shared}/issues/${issue.body.iid}`, { token: leaver.token, body: { state_event: 'close' } });
      const ownerIssue = await t.api('POST', `/projects/${shared}/issues`, { token: owner.token, body: { title: 'Owner wrote this' } });

      const own = (await t.api('POST', '/projects', { token: leaver.token, body: { name: 'mine' } })).body.id;
      await t.api('POST', `/projects/${own}/issues`, { token: owner.token, body: { title: 'in a doomed project' } });
      const ownDir = repositoryPath(t.config.dataDir, own);
      assert.ok(existsSync(ownDir));

      const res = await t.api('DELETE', `/users/${leaver.id}`);
      assert.equal(res.status, 204);

      assert.equal((await t.api('GET', `/users/${leaver.id}`)).status, 404);
      assert.deepEqual((await t.api('GET', '/users?username=leaver')).body, []);
      assert.equal((await t.api('GET', '/user', { token: leaver.token })).status, 401, 'the token died with its user');

      const moved = await t.api('GET', `/projects/${shared}/issues/${issue.body.iid}`, { token: owner.token });
      assert.equal(moved.status, 200);
      assert.equal(moved.body.author.username, 'ghost');
      assert.equal(moved.body.author.name, 'Ghost User');
      assert.equal(moved.body.closed_by.username, 'ghost');
      const ghostId = moved.body.author.id;
      const ghost = await t.api('GET', `/users/${ghostId}`);
      assert.equal(ghost.status, 200);
      assert.equal(ghost.body.name, 'Ghost User');
      const stored = await t.app.deps.db.selectFrom('users').select('user_type').where('id', '=', ghostId).executeTakeFirstOrThrow();
      assert.equal(stored.user_type, 'ghost');
      // GitLab lists the ghost user (an internal user: exclude_internal=true leaves it out).
      assert.deepEqual((await t.api('GET', '/users?username=ghost')).body.map((u: { id: number }) => u.id), [ghostId]);
      assert.deepEqual((await t.api('GET', '/users?username=ghost&exclude_internal=true')).body, []);

      const notes = await t.api('GET', `/projects/${shared}/issues/${issue.body.iid}/notes`, { token: owner.token });
      assert.deepEqual(notes.body.map((n: { body: string; author: { username: string } }) => [n.body, n.author.username]), [['my comment', 'ghost']]);

      const events = await t.api('GET', `/projects/${shared}/events?sort=asc`, { token: owner.token });
      assert.deepEqual(
        events.body.map((e: { action_name: string; author_username: string }) => [e.action_name, e.author_username]),
        [
          ['opened', 'ghost'],
          ['commented on', 'ghost'],
          ['closed', 'ghost'],
          ['opened', 'keeper'],
        ],
      );
      const untouched = await t.api('GET', `/projects/${shared}/issues/${ownerIssue.body.iid}`, { token: owner.token });
      assert.equal(untouched.body.author.username, 'keeper');

      const members = await t.api('GET', `/projects/${shared}/members`, { token: owner.token });
      assert.deepEqual(members.body.map((m: { username: string }) => m.username), ['keeper']);

      assert.equal((await t.api('GET', `/projects/${own}`)).status, 404);
      assert.equal(existsSync(ownDir), false, 'the repository of the user\'s own project is gone');
    });

    test('DELETE /users/:id of a second user reuses the one ghost user, and the username is free again', async () => {
      const owner = await t.createUser('keeper2');
      const project = (await t.api('POST', '/projects', { token: owner.token, body: { name: 'again', visibility: 'public' } })).body.id;
      const authors: number[] = [];
      for (const name of ['gone1', 'gone2']) {
        const user = await t.createUser(name);
        const issue = await t.api('POST', `/projects/${project}/issues`, { token: user.token, body: { title: `by ${name}` } });
        assert.equal((await t.api('DELETE', `/users/${user.id}`)).status, 204);
        authors.push((await t.api('GET', `/projects/${project}/issues/${issue.body.iid}`)).body.author.id);
      }
      assert.equal(authors[0], authors[1]);
      const recreated = await t.api('POST', '/users', {
        body: { username: 'gone1', email: 'gone1@example.com', name: 'Gone again', password: 'password-123' },
      });
      assert.equal(recreated.status, 201);
    });

    test('DELETE /users/:id of the ghost user returns 404', async () => {
      const owner = await t.createUser('keeper3');
      const user = await t.createUser('gone3');
      const project = (await t.api('POST', '/projects', { token: owner.token, body: { name: 'g', visibility: 'public' } })).body.id;
      const issue = await t.api('POST', `/projects/${project}/issues`, { token: user.token, body: { title: 'x' } });
      await t.api('DELETE', `/users/${user.id}`);
      const ghostId = (await t.api('GET', `/projects/${project}/issues/${issue.body.iid}`)).body.author.id;
      const res = await t.api('DELETE', `/users/${ghostId}`);
      assert.equal(res.status, 404);
      assert.deepEqual(res.body, { message: '404 User Not Found' });
    });
  });
}
