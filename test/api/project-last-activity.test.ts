import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const MINUTE = 60 * 1000;

/**
 * A project's last_activity_at follows its events once an hour at most, as GitLab's
 * (`Event::RESET_PROJECT_ACTIVITY_INTERVAL`): an event moves it only when it is an hour old or
 * more, to the event's time. The events themselves are all recorded.
 */
for (const dialect of DIALECTS) {
  describe(`a project's last_activity_at moves with its events once an hour at most (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
    });
    after(() => t.close());

    test('an issue, a note and a commit within the hour leave it; the first event an hour on moves it to that event', async () => {
      const created = await t.api('POST', '/projects', { body: { name: 'hourly' } });
      assert.equal(created.status, 201);
      const id = created.body.id;
      const lastActivity = async () => (await t.api('GET', `/projects/${id}`)).body.last_activity_at;
      const start = await lastActivity();
      assert.equal(start, t.clock.now().toISOString());

      t.clock.advance(30 * MINUTE);
      const issue = await t.api('POST', `/projects/${id}/issues`, { body: { title: 'Within the hour' } });
      assert.equal(issue.status, 201);
      assert.equal(await lastActivity(), start, 'an issue 30 minutes on');

      t.clock.advance(29 * MINUTE);
      const commit = await t.api('POST', `/projects/${id}/repository/files/notes.txt`, { body: { branch: 'main', content: 'x\n', commit_message: 'Add notes' } });
      assert.equal(commit.status, 201);
      assert.equal(await lastActivity(), start, 'a commit 59 minutes on');

      t.clock.advance(1 * MINUTE);
      const hourOn = t.clock.now().toISOString();
      assert.equal((await t.api('POST', `/projects/${id}/issues/${issue.body.iid}/notes`, { body: { body: 'An hour on' } })).status, 201);
      assert.equal(await lastActivity(), hourOn, 'a note an hour on moves it to the note');

      t.clock.advance(10 * MINUTE);
      assert.equal((await t.api('PUT', `/projects/${id}/issues/${issue.body.iid}`, { body: { state_event: 'close' } })).status, 200);
      assert.equal(await lastActivity(), hourOn, 'closing the issue 10 minutes after that');

      const events = await t.api('GET', `/projects/${id}/events?sort=asc`);
      assert.deepEqual(
        events.body.map((event: { action_name: string; created_at: string }) => [event.action_name, event.created_at]).slice(-4),
        [
          ['opened', new Date(Date.parse(start) + 30 * MINUTE).toISOString()],
          ['pushed new', new Date(Date.parse(start) + 59 * MINUTE).toISOString()],
          ['commented on', hourOn],
          ['closed', new Date(Date.parse(hourOn) + 10 * MINUTE).toISOString()],
        ],
        'every event is recorded at its own time',
      );
      const listed = await t.api('GET', '/projects?order_by=last_activity_at&sort=desc&simple=true');
      assert.equal(listed.body.find((project: { id: number }) => project.id === id).last_activity_at, hourOn);
    });
  });
}
