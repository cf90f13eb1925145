import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { addMember, createProject, type TestProject } from '../helpers/project-tokens.ts';
import { httpUrl } from '../git/git-cli.ts';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';

/**
 * Activity is the most frequent write: it must not cost every node its cached credentials,
 * memberships and projects. Observed through the read cache's own counters: after an issue, a
 * note, a label and a push, the warm tokens, memberships and the project answer from memory (no
 * load, no clear). A project's last_activity_at moves once an hour at most (as GitLab's): the
 * first event an hour on moves it, and that project's cached copy is read again, alone (its epoch
 * is per project).
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

    test('an issue, a note, a label and a push: the next requests read no token, no membership and no project', async () => {
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
      const loads = (s: typeof before) => ({ credentials: s.credentials.loads, members: s.members.loads, projects: s.projects.loads });
      const clears = (s: typeof before) => ({ credentials: s.credentials.clears, members: s.members.clears, projects: s.projects.clears });
      assert.deepEqual(loads(after), loads(before), 'no token, no membership and no project was read from the database again');
      assert.deepEqual(clears(after), clears(before), 'no activity emptied the cached tokens, memberships or projects');
      assert.equal(after.projects.scopedClears, before.projects.scopedClears, "the project's last activity is less than an hour old: it stays");
      assert.ok(after.credentials.hits > before.credentials.hits && after.members.hits > before.members.hits && after.projects.hits > before.projects.hits);

      // An hour on, the next event moves the project's last activity: its cached copy goes, alone.
      f.t.clock.advance(60 * 60 * 1000);
      const hourOn = await f.t.api('POST', `/projects/${project.id}/issues/${issue.body.iid}/notes`, { token: member.token, body: { body: 'An hour on' } });
      assert.equal(hourOn.status, 201);
      const read = await f.t.api('GET', `/projects/${project.id}`, { token: member.token });
      assert.equal(read.body.last_activity_at, f.t.clock.now().toISOString());
      const later = stats();
      assert.ok(later.projects.scopedClears > after.projects.scopedClears && later.projects.loads > after.projects.loads, 'the project was read again');
      assert.deepEqual(clears(later), clears(before), 'and only its own: no kind was emptied whole');
      assert.deepEqual({ credentials: later.credentials.loads, members: later.members.loads }, { credentials: before.credentials.loads, members: before.members.loads });
    });
  });
}
