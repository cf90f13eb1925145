import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { addMember, createProject, type TestProject } from '../helpers/project-tokens.ts';
import { httpUrl } from '../git/git-cli.ts';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';

/**
 * Activity is the most frequent write: it must not cost every node its cached credentials and
 * memberships. Observed through the read cache's own counters: after an issue, a note, a label
 * and a push, the warm tokens and memberships answer from memory (no load, no clear), while the
 * cached project (its last_activity_at moved) is read again, alone (its epoch is per project).
 */
for (const dialect of DIALECTS) {
  describe(`activity leaves cached tokens and memberships in place (${dialect})`, () => {
    let f: GitFixture;
    let project: TestProject;
    let member: { id: number; token: string };
    let clone: string;

    before(async () => {
      f = await startGitFixture(dialect);
      project = await createProject(f.t, f.t.rootToken, 'busy');
      await f.seed(project.path);
      member = await f.t.createUser('busy-developer');
      await addMember(f.t, project.id, member.id, 30);
      clone = f.cli.dir('member');
      const cloned = await f.cli.git(['clone', '--quiet', httpUrl(f.baseUrl, project.path, member.token), clone]);
      assert.equal(cloned.code, 0, cloned.stderr);
    });
    after(() => f.close());

    const stats = () => f.t.app.deps.cachedReads.stats();

    test('an issue, a note, a label and a push: the next requests read no token and no membership', async () => {
      // Warm: both tokens and both memberships (root, an admin, is looked up too).
      for (const token of [member.token, f.t.rootToken]) {
        for (let i = 0; i < 2; i++) assert.equal((await f.t.api('GET', `/projects/${project.id}`, { token })).status, 200);
      }
      const before = stats();

      const issue = await f.t.api('POST', `/projects/${project.id}/issues`, { token: member.token, body: { title: 'Busy' } });
      assert.equal(issue.status, 201);
      const note = await f.t.api('POST', `/projects/${project.id}/issues/${issue.body.iid}/notes`, { token: member.token, body: { body: 'Noted' } });
      assert.equal(note.status, 201);
      const label = await f.t.api('POST', `/projects/${project.id}/labels`, { token: f.t.rootToken, body: { name: 'busy', color: '#FF0000' } });
      assert.equal(label.status, 201);
      await f.cli.commit(clone, { 'busy.txt': 'busy\n' }, 'Busy');
      // A Developer pushes to a branch of its own: main is protected (Maintainers push).
      const pushed = await f.cli.git(['push', '--quiet', 'origin', 'HEAD:refs/heads/busy'], { cwd: clone });
      assert.equal(pushed.code, 0, pushed.stderr);
      const events = await f.t.api('GET', `/projects/${project.id}/events`, { token: f.t.rootToken });
      assert.ok(events.body.some((event: { action_name: string }) => event.action_name === 'pushed new'), 'the push was recorded');
      assert.equal((await f.t.api('GET', `/projects/${project.id}`, { token: member.token })).status, 200);

      const after = stats();
      assert.deepEqual(
        { credentials: after.credentials.loads, members: after.members.loads },
        { credentials: before.credentials.loads, members: before.members.loads },
        'no token and no membership was read from the database again',
      );
      assert.deepEqual(
        { credentials: after.credentials.clears, members: after.members.clears },
        { credentials: before.credentials.clears, members: before.members.clears },
        'no activity emptied the cached tokens or memberships',
      );
      assert.ok(after.credentials.hits > before.credentials.hits && after.members.hits > before.members.hits);
      assert.ok(after.projects.scopedClears > before.projects.scopedClears, "the project's last activity moved: its cached copy went");
      assert.equal(after.projects.clears, before.projects.clears, 'and only its own: no kind was emptied whole');
    });
  });
}
