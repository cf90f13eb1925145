import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

type User = { id: number; token: string };

for (const dialect of DIALECTS) {
  describe(`issues, notes and events API (${dialect})`, () => {
    let t: TestApp;
    let owner: User;
    let reporter: User;
    let outsider: User;
    let project: number;
    let pub: number;

    before(async () => {
      t = await startTestApp(dialect);
      owner = await t.createUser('owner');
      reporter = await t.createUser('reporter');
      outsider = await t.createUser('outsider');
      project = (await t.api('POST', '/projects', { token: owner.token, body: { name: 'tracker' } })).body.id;
      pub = (await t.api('POST', '/projects', { token: owner.token, body: { name: 'open', visibility: 'public' } })).body.id;
      await t.api('POST', `/projects/${project}/members`, { token: owner.token, body: { user_id: reporter.id, access_level: 20 } });
    });
    after(() => t.close());

    test('POST /projects/:id/issues returns 201 with iid, author and web_url', async () => {
      const res = await t.api('POST', `/projects/${project}/issues`, { token: reporter.token, body: { title: 'First bug', description: 'It breaks' } });
      assert.equal(res.status, 201);
      assert.equal(res.body.iid, 1);
      assert.equal(res.body.project_id, project);
      assert.equal(res.body.title, 'First bug');
      assert.equal(res.body.description, 'It breaks');
      assert.equal(res.body.state, 'opened');
      assert.equal(res.body.author.username, 'reporter');
      assert.equal(res.body.closed_by, null);
      assert.equal(res.body.user_notes_count, 0);
      assert.equal(res.body.web_url, 'http://127.0.0.1:8080/owner/tracker/-/issues/1');
      const second = await t.api('POST', `/projects/owner%2Ftracker/issues`, { token: owner.token, body: { title: 'Second' } });
      assert.equal(second.body.iid, 2);
    });

    test('POST /projects/:id/issues returns 400 without a title or with a blank one', async () => {
      const missing = await t.api('POST', `/projects/${project}/issues`, { token: owner.token, body: { description: 'x' } });
      assert.equal(missing.status, 400);
      assert.deepEqual(missing.body, { error: 'title is missing' });
      const blank = await t.api('POST', `/projects/${project}/issues`, { token: owner.token, body: { title: '   ' } });
      assert.equal(blank.status, 400);
      assert.deepEqual(blank.body, { message: { title: ["Title can't be blank"] } });
    });

    test('POST /projects/:id/issues returns 404 to an outsider of a private project and 401 to anonymous', async () => {
      const outside = await t.api('POST', `/projects/${project}/issues`, { token: outsider.token, body: { title: 'spam' } });
      assert.equal(outside.status, 404);
      assert.deepEqual(outside.body, { message: '404 Project Not Found' });
      const anonymous = await t.api('POST', `/projects/${pub}/issues`, { token: null, body: { title: 'spam' } });
      assert.equal(anonymous.status, 401);
    });

    test('POST /projects/:id/issues lets a signed-in non-member open an issue on a public project', async () => {
      const res = await t.api('POST', `/projects/${pub}/issues`, { token: outsider.token, body: { title: 'Feature request' } });
      assert.equal(res.status, 201);
      assert.equal(res.body.author.username, 'outsider');
    });

    test('GET /projects/:id/issues lists, filters and paginates', async () => {
      const base = `/projects/${project}/issues`;
      await t.api('POST', base, { token: owner.token, body: { title: 'Searchable needle' } });
      const all = await t.api('GET', base, { token: reporter.token });
      assert.equal(all.status, 200);
      assert.ok(all.body.length >= 3);
      assert.equal(all.headers['x-total'], String(all.body.length));
      assert.deepEqual(
        (await t.api('GET', `${base}?search=NEEDLE`, { token: reporter.token })).body.map((i: { title: string }) => i.title),
        ['Searchable needle'],
      );
      const byAuthor = await t.api('GET', `${base}?author_id=${reporter.id}`, { token: reporter.token });
      assert.deepEqual(byAuthor.body.map((i: { iid: number }) => i.iid), [1]);
      const byIids = await t.api('GET', `${base}?iids[]=1&iids[]=2&sort=asc`, { token: reporter.token });
      assert.deepEqual(byIids.body.map((i: { iid: number }) => i.iid), [1, 2]);
      const page = await t.api('GET', `${base}?per_page=1&sort=asc`, { token: reporter.token });
      assert.deepEqual(page.body.map((i: { iid: number }) => i.iid), [1]);
      assert.equal(page.headers['x-next-page'], '2');
    });

    test('GET /projects/:id/issues/:iid returns the issue, 404 for an unknown or non-numeric iid', async () => {
      const res = await t.api('GET', `/projects/${project}/issues/1`, { token: reporter.token });
      assert.equal(res.status, 200);
      assert.equal(res.body.title, 'First bug');
      for (const iid of ['999', 'abc', '99999999999']) {
        const missing = await t.api('GET', `/projects/${project}/issues/${iid}`, { token: reporter.token });
        assert.equal(missing.status, 404, iid);
        assert.deepEqual(missing.body, { message: '404 Issue Not Found' });
      }
    });

    test('GET /projects/:id/issues of a private project is 404 to an outsider', async () => {
      const res = await t.api('GET', `/projects/${project}/issues`, { token: outsider.token });
      assert.equal(res.status, 404);
      assert.deepEqual(res.body, { message: '404 Project Not Found' });
    });

    test('PUT /projects/:id/issues/:iid edits title and description', async () => {
      const res = await t.api('PUT', `/projects/${project}/issues/2`, { token: owner.token, body: { title: 'Second, edited', description: 'now with text' } });
      assert.equal(res.status, 200);
      assert.equal(res.body.title, 'Second, edited');
      assert.equal(res.body.description, 'now with text');
      assert.equal((await t.api('PUT', `/projects/${project}/issues/2`, { token: owner.token, body: { description: null } })).body.description, null);
    });

    test('PUT /projects/:id/issues/:iid closes and reopens with state_event', async () => {
      const closed = await t.api('PUT', `/projects/${project}/issues/1`, { token: owner.token, body: { state_event: 'close' } });
      assert.equal(closed.status, 200);
      assert.equal(closed.body.state, 'closed');
      assert.equal(closed.body.closed_by.username, 'owner');
      assert.ok(closed.body.closed_at);
      const listClosed = await t.api('GET', `/projects/${project}/issues?state=closed`, { token: owner.token });
      assert.deepEqual(listClosed.body.map((i: { iid: number }) => i.iid), [1]);
      const reopened = await t.api('PUT', `/projects/${project}/issues/1`, { token: reporter.token, body: { state_event: 'reopen' } });
      assert.equal(reopened.body.state, 'opened');
      assert.equal(reopened.body.closed_by, null);
      assert.equal(reopened.body.closed_at, null);
    });

    test('PUT /projects/:id/issues/:iid returns 400 for an unknown state_event', async () => {
      const res = await t.api('PUT', `/projects/${project}/issues/1`, { token: owner.token, body: { state_event: 'delete' } });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, { error: 'state_event does not have a valid value' });
    });

    test('PUT /projects/:id/issues/:iid returns 403 to a non-member who did not write the issue', async () => {
      const mine = await t.api('POST', `/projects/${pub}/issues`, { token: owner.token, body: { title: 'Owner only' } });
      const res = await t.api('PUT', `/projects/${pub}/issues/${mine.body.iid}`, { token: outsider.token, body: { state_event: 'close' } });
      assert.equal(res.status, 403);
      assert.deepEqual(res.body, { message: '403 Forbidden' });
    });

    test('POST /projects/:id/issues/:iid/notes adds a comment; GET lists them', async () => {
      const base = `/projects/${project}/issues/1/notes`;
      const first = await t.api('POST', base, { token: reporter.token, body: { body: 'Can reproduce' } });
      assert.equal(first.status, 201);
      assert.equal(first.body.body, 'Can reproduce');
      assert.equal(first.body.author.username, 'reporter');
      assert.equal(first.body.noteable_type, 'Issue');
      assert.equal(first.body.noteable_iid, 1);
      assert.deepEqual(Object.keys(first.body).sort(), [
        'attachment',
        'author',
        'body',
        'commands_changes',
        'confidential',
        'created_at',
        'id',
        'imported',
        'imported_from',
        'internal',
        'noteable_id',
        'noteable_iid',
        'noteable_type',
        'project_id',
        'resolvable',
        'system',
        'type',
        'updated_at',
      ]);
      assert.deepEqual(
        [first.body.type, first.body.attachment, first.body.system, first.body.resolvable, first.body.confidential, first.body.internal, first.body.commands_changes],
        [null, null, false, false, false, false, {}],
      );
      assert.equal(first.body.project_id, project);
      t.clock.advance(1000);
      await t.api('POST', base, { token: owner.token, body: { body: 'Fixed soon' } });
      const list = await t.api('GET', base, { token: reporter.token });
      assert.equal(list.status, 200);
      assert.deepEqual(list.body.map((n: { body: string }) => n.body), ['Fixed soon', 'Can reproduce']);
      assert.equal(list.headers['x-total'], '2');
      const asc = await t.api('GET', `${base}?sort=asc`, { token: reporter.token });
      assert.deepEqual(asc.body.map((n: { body: string }) => n.body), ['Can reproduce', 'Fixed soon']);
      const issue = await t.api('GET', `/projects/${project}/issues/1`, { token: reporter.token });
      assert.equal(issue.body.user_notes_count, 2);
    });

    test('POST /projects/:id/issues/:iid/notes returns 400 for a missing or blank body, 404 for an unknown issue', async () => {
      const missing = await t.api('POST', `/projects/${project}/issues/1/notes`, { token: owner.token, body: {} });
      assert.equal(missing.status, 400);
      assert.deepEqual(missing.body, { error: 'body is missing' });
      const blank = await t.api('POST', `/projects/${project}/issues/1/notes`, { token: owner.token, body: { body: '  ' } });
      assert.equal(blank.status, 400);
      assert.deepEqual(blank.body, { message: { note: ["can't be blank"] } });
      const unknown = await t.api('POST', `/projects/${project}/issues/999/notes`, { token: owner.token, body: { body: 'x' } });
      assert.equal(unknown.status, 404);
      assert.deepEqual(unknown.body, { message: '404 Issue Not Found' });
    });

    test('GET /projects/:id/events shows opened, commented on and closed with their author', async () => {
      const created = await t.api('POST', '/projects', { token: owner.token, body: { name: 'eventful' } });
      const id = created.body.id;
      await t.api('POST', `/projects/${id}/members`, { token: owner.token, body: { user_id: reporter.id, access_level: 20 } });
      await t.api('POST', `/projects/${id}/issues`, { token: reporter.token, body: { title: 'Watch me' } });
      await t.api('POST', `/projects/${id}/issues/1/notes`, { token: owner.token, body: { body: 'Noted' } });
      await t.api('PUT', `/projects/${id}/issues/1`, { token: owner.token, body: { state_event: 'close' } });
      const res = await t.api('GET', `/projects/${id}/events`, { token: reporter.token });
      assert.equal(res.status, 200);
      assert.deepEqual(
        res.body.map((e: { action_name: string; target_type: string; author_username: string; author: { username: string } }) => [
          e.action_name,
          e.target_type,
          e.author_username,
          e.author.username,
        ]),
        [
          ['closed', 'Issue', 'owner', 'owner'],
          ['commented on', 'Note', 'owner', 'owner'],
          ['opened', 'Issue', 'reporter', 'reporter'],
        ],
      );
      for (const event of res.body) {
        assert.equal(event.project_id, id);
        assert.equal(event.target_title, 'Watch me');
      }
      const commented = res.body[1];
      assert.equal(commented.note.body, 'Noted');
      assert.equal(commented.note.noteable_type, 'Issue');
      assert.equal(commented.note.noteable_iid, 1);
      assert.equal(commented.note.author.username, 'owner');
      const actionNames = async (query: string) =>
        (await t.api('GET', `/projects/${id}/events?${query}`, { token: reporter.token })).body.map((e: { action_name: string }) => e.action_name);
      assert.deepEqual(await actionNames('action=closed'), ['closed']);
      assert.deepEqual(await actionNames('action=created'), ['opened']);
      assert.deepEqual(await actionNames('action=commented'), ['commented on']);
      assert.deepEqual(await actionNames('target_type=note'), ['commented on']);
      assert.deepEqual(await actionNames('target_type=issue'), ['closed', 'opened']);
      const unknown = await t.api('GET', `/projects/${id}/events?action=exploded`, { token: reporter.token });
      assert.equal(unknown.status, 400);
      assert.deepEqual(unknown.body, { error: 'action does not have a valid value' });
      const asc = await t.api('GET', `/projects/${id}/events?sort=asc&per_page=1`, { token: reporter.token });
      assert.deepEqual(asc.body.map((e: { action_name: string }) => e.action_name), ['opened']);
      assert.equal(asc.headers['x-total'], '3');
    });

    test('GET /projects/:id/events is 404 to an outsider of a private project', async () => {
      const res = await t.api('GET', `/projects/${project}/events`, { token: outsider.token });
      assert.equal(res.status, 404);
      assert.deepEqual(res.body, { message: '404 Project Not Found' });
    });

    test('an issue carries GitLab’s documented attributes: references, links, time stats, checklist, subscription', async () => {
      const description = ['Steps:', '- [x] open the app', '* [ ] click save', '1. [X] watch it crash', '- [~] not applicable', '```', '- [ ] in code', '```'].join('\n');
      const res = await t.api('POST', `/projects/${project}/issues`, { token: reporter.token, body: { title: 'Checklist', description } });
      assert.equal(res.status, 201);
      const issue = res.body;
      const api = `http://127.0.0.1:8080/api/v4/projects/${project}`;
      assert.deepEqual(
        {
          references: issue.references,
          _links: issue._links,
          time_stats: issue.time_stats,
          task_completion_status: issue.task_completion_status,
          has_tasks: issue.has_tasks,
          task_status: issue.task_status,
          subscribed: issue.subscribed,
        },
        {
          references: { short: `#${issue.iid}`, relative: `#${issue.iid}`, full: `owner/tracker#${issue.iid}` },
          _links: {
            self: `${api}/issues/${issue.iid}`,
            notes: `${api}/issues/${issue.iid}/notes`,
            award_emoji: `${api}/issues/${issue.iid}/award_emoji`,
            project: api,
            closed_as_duplicate_of: null,
          },
          time_stats: { time_estimate: 0, total_time_spent: 0, human_time_estimate: null, human_total_time_spent: null },
          task_completion_status: { count: 3, completed_count: 2 },
          has_tasks: true,
          task_status: '2 of 3 checklist items completed',
          subscribed: true,
        },
      );
      for (const [key, value] of Object.entries({
        labels: [],
        milestone: null,
        assignees: [],
        assignee: null,
        type: 'ISSUE',
        issue_type: 'issue',
        severity: 'UNKNOWN',
        merge_requests_count: 0,
        upvotes: 0,
        downvotes: 0,
        due_date: null,
        confidential: false,
        discussion_locked: null,
        moved_to_id: null,
        imported: false,
        imported_from: 'none',
        service_desk_reply_to: null,
      })) {
        assert.deepEqual(issue[key], value, key);
      }
      // Someone who neither wrote nor commented is not subscribed; a list leaves `subscribed` out.
      const shown = await t.api('GET', `/projects/${project}/issues/${issue.iid}`, { token: owner.token });
      assert.equal(shown.body.subscribed, false);
      await t.api('POST', `/projects/${project}/issues/${issue.iid}/notes`, { token: owner.token, body: { body: 'me too' } });
      assert.equal((await t.api('GET', `/projects/${project}/issues/${issue.iid}`, { token: owner.token })).body.subscribed, true);
      const listed = await t.api('GET', `/projects/${project}/issues?iids[]=${issue.iid}`, { token: owner.token });
      assert.equal('subscribed' in listed.body[0], false);
      assert.equal(listed.body[0].task_status, '2 of 3 checklist items completed');
      const plain = await t.api('PUT', `/projects/${project}/issues/${issue.iid}`, { token: owner.token, body: { description: 'no tasks' } });
      assert.deepEqual([plain.body.has_tasks, plain.body.task_completion_status, 'task_status' in plain.body], [false, { count: 0, completed_count: 0 }, false]);
    });
  });
}
