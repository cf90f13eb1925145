import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { listProjectMaintainerRecipients } from '../../src/db/repositories/token-notices.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

type User = { id: number; token: string };

for (const dialect of DIALECTS) {
  describe(`group members API (${dialect})`, () => {
    let t: TestApp;
    let owner: User;
    let maint: User;
    let dev: User;
    let outsider: User;
    let group: { id: number; path: string };
    let counter = 0;

    before(async () => {
      t = await startTestApp(dialect);
      owner = await t.createUser('owner');
      maint = await t.createUser('maint');
      dev = await t.createUser('dev');
      outsider = await t.createUser('outsider');
    });
    after(() => t.close());

    // A fresh private group per test: owner is Owner, maint is Maintainer.
    beforeEach(async () => {
      counter += 1;
      const res = await t.api('POST', '/groups', { token: owner.token, body: { name: `team-${counter}`, path: `team-${counter}` } });
      assert.equal(res.status, 201);
      group = res.body;
      const added = await t.api('POST', `/groups/${group.id}/members`, { token: owner.token, body: { user_id: maint.id, access_level: 40 } });
      assert.equal(added.status, 201);
    });

    const url = (suffix = '') => `/groups/${group.id}/members${suffix}`;
    const levels = (body: { username: string; access_level: number }[]) => body.map((m) => [m.username, m.access_level]);

    test('POST /groups/:id/members adds a member with expiry (201, the member entity with created_by)', async () => {
      const res = await t.api('POST', url(), { token: owner.token, body: { user_id: dev.id, access_level: 30, expires_at: '2027-01-31' } });
      assert.equal(res.status, 201);
      assert.equal(res.body.id, dev.id);
      assert.equal(res.body.username, 'dev');
      assert.equal(res.body.access_level, 30);
      assert.equal(res.body.expires_at, '2027-01-31');
      assert.equal(res.body.created_by.username, 'owner');
      assert.equal(res.body.membership_state, 'active');
      const again = await t.api('POST', url(), { token: owner.token, body: { user_id: dev.id, access_level: 30 } });
      assert.equal(again.status, 409);
      assert.deepEqual(again.body, { message: 'Member already exists' });
    });

    test('POST /groups/:id/members: 400 for a bad level or a past expiry, 404 for an unknown user', async () => {
      const level = await t.api('POST', url(), { token: owner.token, body: { user_id: dev.id, access_level: 25 } });
      assert.equal(level.status, 400);
      assert.deepEqual(level.body, { error: 'access_level does not have a valid value' });
      const past = await t.api('POST', url(), { token: owner.token, body: { user_id: dev.id, access_level: 30, expires_at: '2026-11-29' } });
      assert.equal(past.status, 400);
      assert.deepEqual(past.body, { message: { expires_at: ['cannot be a date in the past'] } });
      const unknown = await t.api('POST', url(), { token: owner.token, body: { user_id: 999999, access_level: 30 } });
      assert.equal(unknown.status, 404);
      assert.deepEqual(unknown.body, { message: '404 User Not Found' });
    });

    test('a Maintainer adds Developers but not Owners; a Developer adds nobody (403)', async () => {
      const owners = await t.api('POST', url(), { token: maint.token, body: { user_id: dev.id, access_level: 50 } });
      assert.equal(owners.status, 403);
      const added = await t.api('POST', url(), { token: maint.token, body: { user_id: dev.id, access_level: 30 } });
      assert.equal(added.status, 201);
      const byDev = await t.api('POST', url(), { token: dev.token, body: { user_id: outsider.id, access_level: 10 } });
      assert.equal(byDev.status, 403);
      assert.deepEqual(byDev.body, { message: '403 Forbidden' });
    });

    test('a project bot cannot be added to a group (GitLab\'s 400)', async () => {
      const project = await t.api('POST', '/projects', { token: owner.token, body: { name: `bots-${counter}` } });
      const token = await t.api('POST', `/projects/${project.body.id}/access_tokens`, { token: owner.token, body: { name: 'bot', scopes: ['api'] } });
      assert.equal(token.status, 201);
      const res = await t.api('POST', url(), { token: owner.token, body: { user_id: token.body.user_id, access_level: 30 } });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, { message: { user_id: ['project bots cannot be added to other groups / projects'] } });
    });

    test('PUT /groups/:id/members/:user_id changes the level and expiry; DELETE removes (204)', async () => {
      await t.api('POST', url(), { token: owner.token, body: { user_id: dev.id, access_level: 30 } });
      const res = await t.api('PUT', url(`/${dev.id}`), { token: owner.token, body: { access_level: 20, expires_at: '2027-03-01' } });
      assert.equal(res.status, 200);
      assert.equal(res.body.access_level, 20);
      assert.equal(res.body.expires_at, '2027-03-01');
      const one = await t.api('GET', url(`/${dev.id}`), { token: dev.token });
      assert.equal(one.status, 200);
      assert.equal(one.body.access_level, 20);
      const removed = await t.api('DELETE', url(`/${dev.id}`), { token: maint.token });
      assert.equal(removed.status, 204);
      const gone = await t.api('GET', url(`/${dev.id}`), { token: owner.token });
      assert.equal(gone.status, 404);
      assert.deepEqual(gone.body, { message: '404 Member Not Found' });
    });

    test('the last Owner can be neither demoted nor removed; with a second Owner both work', async () => {
      const demote = await t.api('PUT', url(`/${owner.id}`), { token: owner.token, body: { access_level: 40 } });
      assert.equal(demote.status, 400);
      assert.deepEqual(demote.body, { message: '400 Bad request - A group must keep at least one owner' });
      const leave = await t.api('DELETE', url(`/${owner.id}`), { token: owner.token });
      assert.equal(leave.status, 400);
      await t.api('PUT', url(`/${maint.id}`), { token: owner.token, body: { access_level: 50 } });
      const left = await t.api('DELETE', url(`/${owner.id}`), { token: owner.token });
      assert.equal(left.status, 204);
    });

    test('an expired membership stops counting at midnight UTC of its date: the group is hidden again', async () => {
      await t.api('POST', url(), { token: owner.token, body: { user_id: dev.id, access_level: 30, expires_at: '2026-12-01' } });
      assert.equal((await t.api('GET', `/groups/${group.id}`, { token: dev.token })).status, 200);
      t.clock.set('2026-11-30T23:59:59.000Z');
      assert.equal((await t.api('GET', `/groups/${group.id}`, { token: dev.token })).status, 200);
      t.clock.set('2026-12-01T00:00:00.000Z');
      assert.equal((await t.api('GET', `/groups/${group.id}`, { token: dev.token })).status, 404);
      const list = await t.api('GET', url(), { token: owner.token });
      assert.deepEqual(levels(list.body), [['owner', 50], ['maint', 40]]);
      // Expired is as good as removed: adding again works.
      const again = await t.api('POST', url(), { token: owner.token, body: { user_id: dev.id, access_level: 20 } });
      assert.equal(again.status, 201);
      t.clock.set('2026-11-29T12:00:00.000Z');
    });

    test('GET /groups/:id/members/all adds the ancestors\' members, each user once at their highest', async () => {
      const sub = await t.api('POST', '/groups', { token: owner.token, body: { name: 'sub', path: 'sub', parent_id: group.id } });
      assert.equal(sub.status, 201);
      await t.api('POST', `/groups/${sub.body.id}/members`, { token: owner.token, body: { user_id: dev.id, access_level: 30 } });
      await t.api('POST', `/groups/${sub.body.id}/members`, { token: owner.token, body: { user_id: maint.id, access_level: 20 } });
      const direct = await t.api('GET', `/groups/${sub.body.id}/members`, { token: owner.token });
      assert.deepEqual(levels(direct.body), [['owner', 50], ['maint', 20], ['dev', 30]]);
      const all = await t.api('GET', `/groups/${sub.body.id}/members/all`, { token: owner.token });
      assert.equal(all.status, 200);
      assert.deepEqual(levels(all.body), [['owner', 50], ['maint', 40], ['dev', 30]]);
      const one = await t.api('GET', `/groups/${sub.body.id}/members/all/${maint.id}`, { token: dev.token });
      assert.equal(one.body.access_level, 40);
    });

    test('GET /projects/:id/members/all shows members inherited from the group chain', async () => {
      const sub = await t.api('POST', '/groups', { token: owner.token, body: { name: 'sub', path: 'sub', parent_id: group.id } });
      const project = await t.api('POST', '/projects', { token: owner.token, body: { name: 'app', namespace_id: sub.body.id } });
      assert.equal(project.status, 201);
      await t.api('POST', `/projects/${project.body.id}/members`, { token: owner.token, body: { user_id: dev.id, access_level: 30 } });
      await t.api('POST', `/groups/${sub.body.id}/members`, { token: owner.token, body: { user_id: outsider.id, access_level: 10 } });
      const direct = await t.api('GET', `/projects/${project.body.id}/members`, { token: owner.token });
      assert.deepEqual(levels(direct.body), [['dev', 30]]);
      const all = await t.api('GET', `/projects/${project.body.id}/members/all`, { token: dev.token });
      assert.equal(all.status, 200);
      assert.deepEqual(levels(all.body), [['owner', 50], ['maint', 40], ['dev', 30], ['outsider', 10]]);
      assert.equal(all.headers['x-total'], '4');
      const one = await t.api('GET', `/projects/${project.body.id}/members/all/${maint.id}`, { token: dev.token });
      assert.equal(one.status, 200);
      assert.equal(one.body.access_level, 40);
    });

    test('token notices of a project in a subgroup go to the Maintainers and Owners inherited from the groups, not to Developers', async () => {
      const sub = await t.api('POST', '/groups', { token: owner.token, body: { name: 'sub', path: 'sub', parent_id: group.id } });
      const project = await t.api('POST', '/projects', { token: owner.token, body: { name: 'noticed', namespace_id: sub.body.id } });
      await t.api('POST', `/groups/${sub.body.id}/members`, { token: owner.token, body: { user_id: dev.id, access_level: 30 } });
      const recipients = await listProjectMaintainerRecipients(t.app.deps.db, project.body.id, '2026-11-29');
      assert.deepEqual(recipients.map((r) => r.name).sort(), ['maint', 'owner']);
    });

    test('a hidden group answers 404 Group Not Found on every members route', async () => {
      for (const [method, path] of [
        ['GET', url()],
        ['GET', url('/all')],
        ['GET', url(`/${owner.id}`)],
        ['POST', url()],
        ['PUT', url(`/${owner.id}`)],
        ['DELETE', url(`/${owner.id}`)],
      ] as const) {
        const res = await t.api(method, path, { token: outsider.token, body: { user_id: outsider.id, access_level: 30 } });
        assert.equal(res.status, 404, `${method} ${path}`);
        assert.deepEqual(res.body, { message: '404 Group Not Found' });
      }
    });
  });
}
