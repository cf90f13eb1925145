import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

type User = { id: number; token: string };

for (const dialect of DIALECTS) {
  describe(`merge request discussions API (${dialect})`, () => {
    let t: TestApp;
    let developer: User;
    let reporter: User;
    let author: User; // a Reporter who opened the merge request (stored directly: Reporters cannot open one)
    let project: number;
    let mrIid: number;

    const mrPath = () => `/projects/${project}/merge_requests/${mrIid}`;
    const discussions = (suffix = '') => `${mrPath()}/discussions${suffix}`;

    before(async () => {
      t = await startTestApp(dialect);
      developer = await t.createUser('developer');
      reporter = await t.createUser('reporter');
      author = await t.createUser('author');
      project = (await t.api('POST', '/projects', { body: { name: 'shop' } })).body.id;
      for (const [user, level] of [[developer, 30], [reporter, 20], [author, 30]] as const) {
        await t.api('POST', `/projects/${project}/members`, { body: { user_id: user.id, access_level: level } });
      }
      assert.equal((await t.api('POST', `/projects/${project}/repository/files/README.md`, { body: { branch: 'main', content: '# hi\n', commit_message: 'init' } })).status, 201);
      assert.equal((await t.api('POST', `/projects/${project}/repository/files/f.txt`, { body: { branch: 'feature', start_branch: 'main', content: 'x\n', commit_message: 'f' } })).status, 201);
      const made = await t.api('POST', `/projects/${project}/merge_requests`, { token: author.token, body: { source_branch: 'feature', target_branch: 'main', title: 'Feature' } });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      mrIid = made.body.iid;
      // The author stays the author once demoted to Reporter.
      assert.equal((await t.api('PUT', `/projects/${project}/members/${author.id}`, { body: { access_level: 20 } })).status, 200);
    });
    after(() => t.close());

    test('POST .../discussions starts a resolvable thread; GET lists it beside a plain comment\'s individual discussion', async () => {
      const plain = (await t.api('POST', `${mrPath()}/notes`, { token: reporter.token, body: { body: 'plain' } })).body;
      const res = await t.api('POST', discussions(), { token: reporter.token, body: { body: 'Please rename this', position: { position_type: 'text' } } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.match(res.body.id, /^[0-9a-f]{40}$/);
      assert.equal(res.body.individual_note, false);
      assert.equal(res.body.notes.length, 1);
      const [note] = res.body.notes;
      assert.equal(note.type, 'DiscussionNote');
      assert.equal(note.resolvable, true);
      assert.equal(note.resolved, false);
      assert.equal(note.resolved_by, null);
      assert.equal(note.resolved_at, null);
      assert.equal(note.noteable_type, 'MergeRequest');
      const list = await t.api('GET', discussions(), { token: reporter.token });
      assert.equal(list.status, 200);
      assert.equal(list.headers['x-total'], '2');
      assert.deepEqual(list.body.map((d: { individual_note: boolean }) => d.individual_note), [true, false]);
      assert.equal(list.body[0].notes[0].id, plain.id);
      assert.equal(list.body[0].notes[0].type, null);
      const one = await t.api('GET', discussions(`/${res.body.id}`), { token: reporter.token });
      assert.deepEqual(one.body, res.body);
      const mr = await t.api('GET', mrPath(), { token: reporter.token });
      assert.equal(mr.body.blocking_discussions_resolved, false);
      assert.equal(mr.body.user_notes_count, 2);
      assert.deepEqual((await t.api('GET', discussions(`/${'0'.repeat(40)}`), { token: reporter.token })).body, { message: '404 Discussion Not Found' });
      assert.equal((await t.api('GET', discussions('/not-a-discussion'), { token: reporter.token })).status, 404);
      assert.equal((await t.api('POST', discussions(), { token: reporter.token, body: {} })).status, 400);
    });

    test('PUT .../discussions/:id resolved=true resolves every note of the thread (Developer or the MR author); a Reporter gets 403', async () => {
      const thread = (await t.api('POST', discussions(), { token: reporter.token, body: { body: 'question' } })).body;
      const reply = await t.api('POST', discussions(`/${thread.id}/notes`), { token: developer.token, body: { body: 'answer' } });
      assert.equal(reply.status, 201, JSON.stringify(reply.body));
      assert.equal(reply.body.type, 'DiscussionNote');
      assert.equal((await t.api('PUT', discussions(`/${thread.id}`), { token: reporter.token, body: { resolved: true } })).status, 403);
      assert.equal((await t.api('PUT', discussions(`/${thread.id}`), { token: developer.token, body: {} })).status, 400);
      const resolved = await t.api('PUT', discussions(`/${thread.id}`), { token: author.token, body: { resolved: true } });
      assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
      assert.equal(resolved.body.notes.length, 2);
      for (const note of resolved.body.notes) {
        assert.equal(note.resolved, true);
        assert.equal(note.resolved_by.username, 'author');
        assert.equal(typeof note.resolved_at, 'string');
      }
      const reopened = await t.api('PUT', discussions(`/${thread.id}`), { token: developer.token, body: { resolved: false } });
      assert.deepEqual(reopened.body.notes.map((n: { resolved: boolean }) => n.resolved), [false, false]);
    });

    test('blocking_discussions_resolved turns true once every thread is resolved; a plain comment\'s discussion is not resolvable (403)', async () => {
      const list = await t.api('GET', `${discussions()}?per_page=100`, { token: developer.token });
      for (const d of list.body.filter((d: { individual_note: boolean }) => !d.individual_note)) {
        assert.equal((await t.api('PUT', discussions(`/${d.id}`), { token: developer.token, body: { resolved: true } })).status, 200);
      }
      assert.equal((await t.api('GET', mrPath(), { token: developer.token })).body.blocking_discussions_resolved, true);
      const individual = list.body.find((d: { individual_note: boolean }) => d.individual_note);
      assert.equal((await t.api('PUT', discussions(`/${individual.id}`), { token: developer.token, body: { resolved: true } })).status, 403);
    });

    test('replying to a plain comment turns its discussion into a resolvable thread, as GitLab does', async () => {
      const plain = (await t.api('POST', `${mrPath()}/notes`, { token: reporter.token, body: { body: 'hmm' } })).body;
      const list = await t.api('GET', `${discussions()}?per_page=100`, { token: reporter.token });
      const discussion = list.body.find((d: { notes: { id: number }[] }) => d.notes[0]!.id === plain.id);
      assert.equal(discussion.individual_note, true);
      assert.equal((await t.api('POST', discussions(`/${discussion.id}/notes`), { token: developer.token, body: { body: 'reply' } })).status, 201);
      const thread = await t.api('GET', discussions(`/${discussion.id}`), { token: reporter.token });
      assert.equal(thread.body.individual_note, false);
      assert.deepEqual(thread.body.notes.map((n: { type: string | null }) => n.type), ['DiscussionNote', 'DiscussionNote']);
      assert.equal((await t.api('GET', mrPath(), { token: reporter.token })).body.blocking_discussions_resolved, false);
    });

    test('PUT/DELETE .../discussions/:id/notes/:note_id: body by its author only, resolved by a Developer, exactly one of them, the note must be the thread\'s', async () => {
      const thread = (await t.api('POST', discussions(), { token: reporter.token, body: { body: 'draft' } })).body;
      const noteId = thread.notes[0].id;
      const notePath = discussions(`/${thread.id}/notes/${noteId}`);
      const edited = await t.api('PUT', notePath, { token: reporter.token, body: { body: 'final' } });
      assert.equal(edited.status, 200);
      assert.equal(edited.body.body, 'final');
      assert.equal((await t.api('PUT', notePath, { token: developer.token, body: { body: 'mine now' } })).status, 403);
      assert.equal((await t.api('PUT', notePath, { token: reporter.token, body: { resolved: true } })).status, 403);
      assert.equal((await t.api('PUT', notePath, { token: reporter.token, body: {} })).status, 400);
      assert.equal((await t.api('PUT', notePath, { token: reporter.token, body: { body: 'x', resolved: true } })).status, 400);
      const resolved = await t.api('PUT', notePath, { token: developer.token, body: { resolved: true } });
      assert.equal(resolved.body.resolved, true);
      assert.equal(resolved.body.resolved_by.username, 'developer');
      const other = (await t.api('POST', discussions(), { token: reporter.token, body: { body: 'other' } })).body;
      assert.equal((await t.api('PUT', discussions(`/${other.id}/notes/${noteId}`), { token: reporter.token, body: { body: 'moved?' } })).status, 404);
      assert.equal((await t.api('DELETE', discussions(`/${other.id}/notes/${noteId}`), { token: reporter.token })).status, 404);
      assert.equal((await t.api('DELETE', notePath, { token: developer.token })).status, 403);
      assert.equal((await t.api('DELETE', notePath, { token: reporter.token })).status, 204);
      assert.equal((await t.api('GET', discussions(`/${thread.id}`), { token: reporter.token })).status, 404);
    });
  });
}
