import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

type User = { id: number; token: string };

for (const dialect of DIALECTS) {
  describe(`merge request notes API (${dialect})`, () => {
    let t: TestApp;
    let owner: User;
    let developer: User;
    let reporter: User;
    let outsider: User;
    let project: number;
    let publicProject: number;
    let mr: { id: number; iid: number };

    const notes = (suffix = '') => `/projects/${project}/merge_requests/${mr.iid}/notes${suffix}`;

    const openMergeRequest = async (projectId: number, branch: string) => {
      const file = await t.api('POST', `/projects/${projectId}/repository/files/${branch}.txt`, { body: { branch, start_branch: 'main', content: 'x\n', commit_message: branch } });
      assert.equal(file.status, 201, JSON.stringify(file.body));
      const made = await t.api('POST', `/projects/${projectId}/merge_requests`, { body: { source_branch: branch, target_branch: 'main', title: `MR ${branch}` } });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      return made.body as { id: number; iid: number };
    };

    before(async () => {
      t = await startTestApp(dialect);
      owner = await t.createUser('owner');
      developer = await t.createUser('developer');
      reporter = await t.createUser('reporter');
      outsider = await t.createUser('outsider');
      project = (await t.api('POST', '/projects', { token: owner.token, body: { name: 'shop' } })).body.id;
      publicProject = (await t.api('POST', '/projects', { token: owner.token, body: { name: 'open', visibility: 'public' } })).body.id;
      for (const id of [project, publicProject]) {
        const readme = await t.api('POST', `/projects/${id}/repository/files/README.md`, { token: owner.token, body: { branch: 'main', content: '# hi\n', commit_message: 'init' } });
        assert.equal(readme.status, 201, JSON.stringify(readme.body));
      }
      await t.api('POST', `/projects/${project}/members`, { token: owner.token, body: { user_id: developer.id, access_level: 30 } });
      await t.api('POST', `/projects/${project}/members`, { token: owner.token, body: { user_id: reporter.id, access_level: 20 } });
      mr = await openMergeRequest(project, 'feature');
    });
    after(() => t.close());

    test('POST /projects/:id/merge_requests/:iid/notes returns 201 with a plain Note (type null, not resolvable) that danger can recognise as its own', async () => {
      const res = await t.api('POST', notes(), { token: developer.token, body: { body: 'LGTM :+1:' } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const me = await t.api('GET', '/user', { token: developer.token });
      const note = res.body;
      assert.equal(note.author.id, me.body.id);
      assert.equal(note.type, null);
      assert.equal(note.system, false);
      assert.equal(note.body, 'LGTM :+1:');
      assert.equal(note.attachment, null);
      assert.equal(note.noteable_id, mr.id);
      assert.equal(note.noteable_type, 'MergeRequest');
      assert.equal(note.noteable_iid, mr.iid);
      assert.equal(note.project_id, project);
      assert.equal(note.resolvable, false);
      assert.equal('resolved' in note, false);
      assert.equal(note.confidential, false);
      assert.equal(note.internal, false);
      assert.deepEqual(note.commands_changes, {});
      const shown = await t.api('GET', `/projects/${project}/merge_requests/${mr.iid}`, { token: developer.token });
      assert.equal(shown.body.user_notes_count, 1);
      assert.equal(shown.body.blocking_discussions_resolved, true);
      const events = await t.api('GET', `/projects/${project}/events`, { token: owner.token });
      assert.ok(events.body.some((e: { action_name: string; target_type: string; target_id: number }) => e.action_name === 'commented on' && e.target_type === 'Note' && e.target_id === note.id));
    });

    test('POST .../notes refuses a missing or blank body and one over 1,000,000 characters (400), an outsider (404) and a read_api token (403)', async () => {
      assert.equal((await t.api('POST', notes(), { token: developer.token, body: {} })).status, 400);
      const blank = await t.api('POST', notes(), { token: developer.token, body: { body: '   ' } });
      assert.equal(blank.status, 400);
      assert.deepEqual(blank.body, { message: { note: ["can't be blank"] } });
      assert.equal((await t.api('POST', notes(), { token: developer.token, body: { body: 'x'.repeat(1_000_001) } })).status, 400);
      assert.equal((await t.api('POST', notes(), { token: outsider.token, body: { body: 'hi' } })).status, 404);
      const readOnly = await t.createUser('read-only', { scopes: ['read_api'] });
      await t.api('POST', `/projects/${project}/members`, { token: owner.token, body: { user_id: readOnly.id, access_level: 30 } });
      assert.equal((await t.api('POST', notes(), { token: readOnly.token, body: { body: 'hi' } })).status, 403);
      assert.equal((await t.api('POST', `/projects/${project}/merge_requests/999/notes`, { token: developer.token, body: { body: 'hi' } })).status, 404);
    });

    test('GET .../notes lists newest first by default, sort=asc and order_by=updated_at reorder, pages carry GitLab headers', async () => {
      const other = await openMergeRequest(project, 'listing');
      const path = `/projects/${project}/merge_requests/${other.iid}/notes`;
      const ids: number[] = [];
      for (const body of ['first', 'second', 'third']) {
        t.clock.advance(1000);
        ids.push((await t.api('POST', path, { token: reporter.token, body: { body } })).body.id);
      }
      t.clock.advance(1000);
      assert.equal((await t.api('PUT', `${path}/${ids[0]}`, { token: reporter.token, body: { body: 'first, edited' } })).status, 200);
      const desc = await t.api('GET', path, { token: reporter.token });
      assert.equal(desc.status, 200);
      assert.deepEqual(desc.body.map((n: { id: number }) => n.id), [ids[2], ids[1], ids[0]]);
      const asc = await t.api('GET', `${path}?sort=asc`, { token: reporter.token });
      assert.deepEqual(asc.body.map((n: { id: number }) => n.id), ids);
      const updated = await t.api('GET', `${path}?order_by=updated_at`, { token: reporter.token });
      assert.deepEqual(updated.body.map((n: { body: string }) => n.body), ['first, edited', 'third', 'second']);
      const paged = await t.api('GET', `${path}?per_page=2&page=2`, { token: reporter.token });
      assert.equal(paged.headers['x-total'], '3');
      assert.deepEqual(paged.body.map((n: { id: number }) => n.id), [ids[0]]);
      assert.equal((await t.api('GET', `${path}?sort=sideways`, { token: reporter.token })).status, 400);
      assert.equal((await t.api('GET', path, { token: outsider.token })).status, 404);
      const one = await t.api('GET', `${path}/${ids[1]}`, { token: reporter.token });
      assert.equal(one.body.body, 'second');
      assert.deepEqual((await t.api('GET', `${path}/999999`, { token: reporter.token })).body, { message: '404 Not found' });
      // A note of another merge request is not this one's.
      assert.equal((await t.api('GET', `${notes()}/${ids[1]}`, { token: reporter.token })).status, 404);
    });

    test('PUT .../notes/:note_id edits the author\'s own note; anyone else, even the Owner, gets 403', async () => {
      const note = (await t.api('POST', notes(), { token: developer.token, body: { body: 'typo' } })).body;
      t.clock.advance(5000);
      const edited = await t.api('PUT', notes(`/${note.id}`), { token: developer.token, body: { body: 'fixed' } });
      assert.equal(edited.status, 200);
      assert.equal(edited.body.body, 'fixed');
      assert.notEqual(edited.body.updated_at, note.updated_at);
      assert.equal((await t.api('PUT', notes(`/${note.id}`), { token: owner.token, body: { body: 'hijacked' } })).status, 403);
      assert.equal((await t.api('PUT', notes(`/${note.id}`), { token: developer.token, body: {} })).status, 400);
      assert.equal((await t.api('GET', notes(`/${note.id}`), { token: developer.token })).body.body, 'fixed');
    });

    test('DELETE .../notes/:note_id: the author or a Maintainer+ (204), another Developer or Reporter gets 403', async () => {
      const mine = (await t.api('POST', notes(), { token: reporter.token, body: { body: 'mine' } })).body;
      const theirs = (await t.api('POST', notes(), { token: reporter.token, body: { body: 'theirs' } })).body;
      assert.equal((await t.api('DELETE', notes(`/${theirs.id}`), { token: developer.token })).status, 403);
      assert.equal((await t.api('DELETE', notes(`/${mine.id}`), { token: reporter.token })).status, 204);
      assert.equal((await t.api('DELETE', notes(`/${theirs.id}`), { token: owner.token })).status, 204);
      assert.equal((await t.api('GET', notes(`/${mine.id}`), { token: reporter.token })).status, 404);
      assert.equal((await t.api('DELETE', notes(`/${mine.id}`), { token: owner.token })).status, 404);
    });

    test('a locked discussion keeps non-members of a public project from commenting (403) while members still comment', async () => {
      const open = await openMergeRequest(publicProject, 'locked');
      const path = `/projects/${publicProject}/merge_requests/${open.iid}/notes`;
      assert.equal((await t.api('POST', path, { token: outsider.token, body: { body: 'drive-by' } })).status, 201);
      assert.equal((await t.api('PUT', `/projects/${publicProject}/merge_requests/${open.iid}`, { token: owner.token, body: { discussion_locked: true } })).status, 200);
      assert.equal((await t.api('POST', path, { token: outsider.token, body: { body: 'again' } })).status, 403);
      assert.equal((await t.api('POST', `/projects/${publicProject}/merge_requests/${open.iid}/discussions`, { token: outsider.token, body: { body: 'thread' } })).status, 403);
      assert.equal((await t.api('POST', path, { token: owner.token, body: { body: 'locked, as owner' } })).status, 201);
      // Reading stays open to everyone who can read the project.
      assert.equal((await t.api('GET', path, { token: null })).body.length, 2);
    });
  });
}
