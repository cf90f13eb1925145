import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Gitlab } from '@gitbeaker/rest';
import { GitCli, httpUrl } from '../git/git-cli.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { statusOf } from './gitbeaker-status.ts';
import { ed25519KeyPair } from '../helpers/ssh-keys.ts';

type Client = InstanceType<typeof Gitlab>;

for (const dialect of DIALECTS) {
  describe(`@gitbeaker/rest against a listening Latchkey (${dialect})`, () => {
    let t: TestApp;
    let host: string;
    let root: Client;
    let alice: Client;
    let aliceId: number;
    let aliceToken: string;
    let bobId: number;
    let projectId: number;

    before(async () => {
      t = await startTestApp(dialect);
      await t.app.http.listen({ host: '127.0.0.1', port: 0 });
      const address = t.app.http.server.address();
      assert.ok(address && typeof address === 'object');
      host = `http://127.0.0.1:${address.port}`;
      root = new Gitlab({ host, token: t.rootToken });
      const created = await t.createUser('alice');
      aliceId = created.id;
      aliceToken = created.token;
      alice = new Gitlab({ host, token: created.token });
    });
    after(() => t.close());

    test('Users.create, Users.show and Users.all (following every page) work for an admin', async () => {
      const bob = await root.Users.create({ username: 'bob', email: 'bob@example.com', name: 'Bob Builder', password: 'password-123' });
      assert.equal(bob.username, 'bob');
      bobId = bob.id;
      for (const name of ['carol', 'dave', 'erin']) {
        await root.Users.create({ username: name, email: `${name}@example.com`, name, password: 'password-123' });
      }
      const shown = await root.Users.show(bob.id);
      assert.equal(shown.name, 'Bob Builder');
      const everyone = await root.Users.all({ perPage: 2 });
      assert.deepEqual(
        everyone.map((u) => u.username).sort(),
        ['alice', 'bob', 'carol', 'dave', 'erin', 'root'],
      );
      const one = await root.Users.all({ username: 'carol' });
      assert.deepEqual(one.map((u) => u.username), ['carol']);
    });

    test('Users.create as a non-admin is refused with 403', async () => {
      await assert.rejects(
        alice.Users.create({ username: 'eve', email: 'eve@example.com', name: 'Eve', password: 'password-123' }),
        (error: { cause?: { response?: { status?: number } } }) => error.cause?.response?.status === 403,
      );
    });

    test('Projects.create, Projects.show by id and by path, Projects.all', async () => {
      const project = await alice.Projects.create({ name: 'Client Demo', description: 'made by gitbeaker' });
      projectId = project.id;
      assert.equal(project.path_with_namespace, 'alice/client-demo');
      const byId = await alice.Projects.show(project.id);
      assert.equal(byId.name, 'Client Demo');
      const byPath = await alice.Projects.show('alice/client-demo');
      assert.equal(byPath.id, project.id);
      const mine = await alice.Projects.all({ membership: true, perPage: 1 });
      assert.deepEqual(mine.map((p) => p.id), [project.id]);
    });

    test('Projects.all with owned: true, Projects.remove (a DELETE), then Projects.show is 404', async () => {
      const doomed = await alice.Projects.create({ name: 'gitbeaker-doomed' });
      const owned = await alice.Projects.all({ owned: true, membership: true });
      assert.deepEqual(owned.map((p) => p.id).sort(), [projectId, doomed.id].sort());
      await alice.Projects.remove(doomed.id);
      assert.equal(await statusOf(alice.Projects.show(doomed.id)), 404);
    });

    test('ProjectMembers.add, all, edit and remove', async () => {
      const added = await alice.ProjectMembers.add(projectId, 30, { userId: bobId });
      assert.equal(added.access_level, 30);
      const members = await alice.ProjectMembers.all(projectId);
      assert.deepEqual(
        members.map((m) => [m.username, m.access_level]),
        [['alice', 50], ['bob', 30]],
      );
      const inherited = await alice.ProjectMembers.all(projectId, { includeInherited: true });
      assert.equal(inherited.length, 2);
      const edited = await alice.ProjectMembers.edit(projectId, bobId, 40);
      assert.equal(edited.access_level, 40);
      await alice.ProjectMembers.remove(projectId, bobId);
      assert.deepEqual((await alice.ProjectMembers.all(projectId)).map((m) => m.id), [aliceId]);
    });

    test('Issues.create, all, show, edit and IssueNotes.create, all', async () => {
      const issue = await alice.Issues.create(projectId, 'Client bug', { description: 'found by a client' });
      assert.equal(issue.iid, 1);
      const listed = await alice.Issues.all({ projectId });
      assert.deepEqual(listed.map((i) => i.title), ['Client bug']);
      const shown = await alice.Issues.show(issue.iid, { projectId });
      assert.equal(shown.description, 'found by a client');
      const note = await alice.IssueNotes.create(projectId, issue.iid, 'a note from gitbeaker');
      assert.equal(note.body, 'a note from gitbeaker');
      const notes = await alice.IssueNotes.all(projectId, issue.iid);
      assert.deepEqual(notes.map((n) => n.body), ['a note from gitbeaker']);
      const closed = await alice.Issues.edit(projectId, issue.iid, { stateEvent: 'close' });
      assert.equal(closed.state, 'closed');
    });

    test('PersonalAccessTokens.create (admin), all, show by id and self, remove', async () => {
      const made = await root.PersonalAccessTokens.create(aliceId, 'gitbeaker extra', ['read_api']);
      assert.match(made.token as string, /^glpat-/);
      const listed = await alice.PersonalAccessTokens.all();
      assert.deepEqual(listed.map((token) => token.name).sort(), ['alice-token', 'gitbeaker extra']);
      const shown = await alice.PersonalAccessTokens.show({ tokenId: made.id });
      assert.deepEqual([shown.id, shown.name, shown.active], [made.id, 'gitbeaker extra', true]);
      const extra = new Gitlab({ host, token: made.token as string });
      assert.equal((await extra.PersonalAccessTokens.show()).id, made.id);
      await alice.PersonalAccessTokens.remove({ tokenId: made.id });
      assert.equal(await statusOf(extra.Users.showCurrentUser()), 401);
    });

    test('UserSSHKeys.create, all, show and remove for the current user', async () => {
      const publicKey = ed25519KeyPair().public;
      const key = await alice.UserSSHKeys.create('gitbeaker key', publicKey);
      assert.deepEqual([key.title, key.key], ['gitbeaker key', publicKey]);
      assert.deepEqual((await alice.UserSSHKeys.all()).map((k) => k.id), [key.id]);
      assert.equal((await alice.UserSSHKeys.show(key.id)).title, 'gitbeaker key');
      await alice.UserSSHKeys.remove(key.id);
      assert.deepEqual(await alice.UserSSHKeys.all(), []);
    });

    test('Events.all for a project lists what happened, newest first', async () => {
      const events = await alice.Events.all({ projectId });
      assert.deepEqual(
        events.map((e) => e.action_name),
        ['closed', 'commented on', 'opened'],
      );
      assert.ok(events.every((e) => (e.author as { username: string }).username === 'alice'));
    });

    test('Branches.all, Branches.show and RepositoryFiles.showRaw after a real git push', async () => {
      const cli = new GitCli();
      try {
        const work = cli.dir();
        assert.equal((await cli.git(['clone', '--quiet', httpUrl(host, 'alice/client-demo', aliceToken), work])).code, 0);
        await cli.commit(work, { 'README.md': '# Demo\n', 'docs/guide.md': 'Read me.\n' }, 'Initial commit');
        assert.equal((await cli.git(['push', '--quiet', 'origin', 'main'], { cwd: work })).code, 0);
      } finally {
        cli.close();
      }
      assert.deepEqual((await alice.Branches.all(projectId)).map((b) => b.name), ['main']);
      const main = await alice.Branches.show(projectId, 'main');
      assert.equal((main.commit as { title: string }).title, 'Initial commit');
      assert.equal(await alice.RepositoryFiles.showRaw(projectId, 'docs/guide.md', 'main'), 'Read me.\n');
      assert.equal(await statusOf(alice.RepositoryFiles.showRaw(projectId, 'nope.md', 'main')), 404);
    });
  });
}
