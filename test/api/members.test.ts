import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

type User = { id: number; token: string };

for (const dialect of DIALECTS) {
  describe(`project members API (${dialect})`, () => {
    let t: TestApp;
    let owner: User;
    let maint: User;
    let dev: User;
    let outsider: User;
    let project: number;
    let counter = 0;

    before(async () => {
      t = await startTestApp(dialect);
      owner = await t.createUser('owner');
      maint = await t.createUser('maint');
      dev = await t.createUser('dev');
      outsider = await t.createUser('outsider');
    });
    after(() => t.close());

    // A fresh private project per test: owner is Owner, maint is Maintainer.
    beforeEach(async () => {
      counter += 1;
      const res = await t.api('POST', '/projects', { token: owner.token, body: { name: `team-${counter}` } });
      project = res.body.id;
      const added = await t.api('POST', `/projects/${project}/members`, { token: owner.token, body: { user_id: maint.id, access_level: 40 } });
      assert.equal(added.status, 201);
    });

    const members = `/projects/`;
    const url = (suffix = '') => `${members}${project}/members${suffix}`;

    test('POST /projects/:id/members adds a member and returns 201 with the member entity', async () => {
      const res = await t.api('POST', url(), { token: owner.token, body: { user_id: dev.id, access_level: 30, expires_at: '2027-01-31' } });
      assert.equal(res.status, 201);
      assert.equal(res.body.id, dev.id);
      assert.equal(res.body.username, 'dev');
      assert.equal(res.body.access_level, 30);
      assert.equal(res.body.expires_at, '2027-01-31');
      assert.equal(res.body.bot, false);
      assert.equal(res.body.membership_state, 'active');
    });

    test('POST /projects/:id/members accepts a form body with string numbers', async () => {
      const res = await t.api('POST', url(), {
        token: owner.token,
        body: `user_id=${dev.id}&access_level=20`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(res.status, 201);
      assert.equal(res.body.access_level, 20);
    });

    test('POST /projects/:id/members returns 400 for an invalid access_level', async () => {
      for (const access_level of [60, 0, 25, 'abc', 'owner', -10]) {
        const res = await t.api('POST', url(), { token: owner.token, body: { user_id: dev.id, access_level } });
        assert.equal(res.status, 400, String(access_level));
        assert.deepEqual(res.body, { error: 'access_level does not have a valid value' });
      }
    });

    test('POST /projects/:id/members returns 400 when user_id or access_level is missing', async () => {
      const noUser = await t.api('POST', url(), { token: owner.token, body: { access_level: 30 } });
      assert.equal(noUser.status, 400);
      assert.deepEqual(noUser.body, { error: 'user_id is missing' });
      const noLevel = await t.api('POST', url(), { token: owner.token, body: { user_id: dev.id } });
      assert.equal(noLevel.status, 400);
      assert.deepEqual(noLevel.body, { error: 'access_level is missing' });
    });

    test('POST /projects/:id/members returns 404 for an unknown user and 409 for an existing member', async () => {
      const unknown = await t.api('POST', url(), { token: owner.token, body: { user_id: 999999, access_level: 30 } });
      assert.equal(unknown.status, 404);
      assert.deepEqual(unknown.body, { message: '404 User Not Found' });
      const existing = await t.api('POST', url(), { token: owner.token, body: { user_id: maint.id, access_level: 30 } });
      assert.equal(existing.status, 409);
      assert.deepEqual(existing.body, { message: 'Member already exists' });
    });

    test('POST /projects/:id/members returns 403 when a maintainer grants owner', async () => {
      const res = await t.api('POST', url(), { token: maint.token, body: { user_id: dev.id, access_level: 50 } });
      assert.equal(res.status, 403);
      assert.deepEqual(res.body, { message: '403 Forbidden' });
      const ok = await t.api('POST', url(), { token: maint.token, body: { user_id: dev.id, access_level: 40 } });
      assert.equal(ok.status, 201);
    });

    test('POST /projects/:id/members returns 403 to a developer and 404 to an outsider of a private project', async () => {
      await t.api('POST', url(), { token: owner.token, body: { user_id: dev.id, access_level: 30 } });
      const asDev = await t.api('POST', url(), { token: dev.token, body: { user_id: outsider.id, access_level: 10 } });
      assert.equal(asDev.status, 403);
      const asOutsider = await t.api('POST', url(), { token: outsider.token, body: { user_id: outsider.id, access_level: 50 } });
      assert.equal(asOutsider.status, 404);
      assert.deepEqual(asOutsider.body, { message: '404 Project Not Found' });
    });

    test('POST /projects/:id/members returns 400 when a bot is added to another project', async () => {
      const other = await t.api('POST', '/projects', { token: owner.token, body: { name: `bot-home-${counter}` } });
      const token = await t.api('POST', `/projects/${other.body.id}/access_tokens`, { token: owner.token, body: { name: 'ci', scopes: ['api'] } });
      assert.equal(token.status, 201);
      const res = await t.api('POST', url(), { token: owner.token, body: { user_id: token.body.user_id, access_level: 30 } });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, { message: { user_id: ['project bots cannot be added to other groups / projects'] } });
    });

    test('GET /projects/:id/members and /members/all list members with pagination headers', async () => {
      await t.api('POST', url(), { token: owner.token, body: { user_id: dev.id, access_level: 30 } });
      for (const suffix of ['', '/all']) {
        const res = await t.api('GET', url(suffix), { token: dev.token });
        assert.equal(res.status, 200, suffix);
        assert.deepEqual(
          res.body.map((m: { username: string; access_level: number }) => [m.username, m.access_level]),
          [['owner', 50], ['maint', 40], ['dev', 30]],
        );
        assert.equal(res.headers['x-total'], '3');
      }
      const page = await t.api('GET', url('?per_page=1&page=2'), { token: dev.token });
      assert.deepEqual(page.body.map((m: { username: string }) => m.username), ['maint']);
      assert.equal(page.headers['x-next-page'], '3');
      const query = await t.api('GET', url('?query=MAI'), { token: dev.token });
      assert.deepEqual(query.body.map((m: { username: string }) => m.username), ['maint']);
    });

    test('GET /projects/:id/members returns 404 to an outsider of a private project and to anonymous', async () => {
      for (const token of [outsider.token, null]) {
        const res = await t.api('GET', url(), { token });
        assert.equal(res.status, 404);
        assert.deepEqual(res.body, { message: '404 Project Not Found' });
      }
    });

    test('GET /projects/:id/members/:user_id returns one member, 404 for a non-member or a bad id', async () => {
      const one = await t.api('GET', url(`/${maint.id}`), { token: owner.token });
      assert.equal(one.status, 200);
      assert.equal(one.body.access_level, 40);
      const all = await t.api('GET', url(`/all/${maint.id}`), { token: owner.token });
      assert.equal(all.status, 200);
      for (const id of [String(outsider.id), 'abc', '99999999999']) {
        const res = await t.api('GET', url(`/${id}`), { token: owner.token });
        assert.equal(res.status, 404, id);
        assert.deepEqual(res.body, { message: '404 Member Not Found' });
      }
    });

    test('PUT /projects/:id/members/:user_id changes the access level and expiry', async () => {
      const res = await t.api('PUT', url(`/${maint.id}`), { token: owner.token, body: { access_level: 20, expires_at: '2027-06-01' } });
      assert.equal(res.status, 200);
      assert.equal(res.body.access_level, 20);
      assert.equal(res.body.expires_at, '2027-06-01');
      assert.equal((await t.api('GET', url(`/${maint.id}`), { token: owner.token })).body.access_level, 20);
    });

    test('PUT /projects/:id/members/:user_id returns 400 for an invalid access_level', async () => {
      const res = await t.api('PUT', url(`/${maint.id}`), { token: owner.token, body: { access_level: 45 } });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, { error: 'access_level does not have a valid value' });
    });

    test('PUT /projects/:id/members/:user_id returns 403 when a maintainer promotes to owner or touches an owner', async () => {
      await t.api('POST', url(), { token: owner.token, body: { user_id: dev.id, access_level: 30 } });
      const promote = await t.api('PUT', url(`/${dev.id}`), { token: maint.token, body: { access_level: 50 } });
      assert.equal(promote.status, 403);
      const demote = await t.api('PUT', url(`/${owner.id}`), { token: maint.token, body: { access_level: 30 } });
      assert.equal(demote.status, 403);
      assert.deepEqual(demote.body, { message: '403 Forbidden' });
      assert.equal((await t.api('GET', url(`/${owner.id}`), { token: owner.token })).body.access_level, 50);
    });

    test('PUT /projects/:id/members/:user_id returns 400 when the last owner is demoted', async () => {
      const res = await t.api('PUT', url(`/${owner.id}`), { token: owner.token, body: { access_level: 40 } });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, { message: '400 Bad request - A project must keep at least one owner' });
    });

    test('PUT /projects/:id/members/:user_id lets one of two owners step down', async () => {
      assert.equal((await t.api('PUT', url(`/${maint.id}`), { token: owner.token, body: { access_level: 50 } })).status, 200);
      const res = await t.api('PUT', url(`/${owner.id}`), { token: owner.token, body: { access_level: 40 } });
      assert.equal(res.status, 200);
      assert.equal(res.body.access_level, 40);
    });

    test('PUT /projects/:id/members/:user_id demoting two owners at once keeps one owner', async () => {
      assert.equal((await t.api('PUT', url(`/${maint.id}`), { token: owner.token, body: { access_level: 50 } })).status, 200, 'two owners before the race');
      const results = await Promise.all([
        t.api('PUT', url(`/${owner.id}`), { token: owner.token, body: { access_level: 40 } }),
        t.api('PUT', url(`/${maint.id}`), { token: maint.token, body: { access_level: 40 } }),
      ]);
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 400]);
      const list = await t.api('GET', url(), { token: owner.token });
      assert.equal(list.body.filter((m: { access_level: number }) => m.access_level === 50).length, 1);
    });

    test('DELETE /projects/:id/members/:user_id removes a member and returns 204', async () => {
      await t.api('POST', url(), { token: owner.token, body: { user_id: dev.id, access_level: 30 } });
      const res = await t.api('DELETE', url(`/${dev.id}`), { token: maint.token });
      assert.equal(res.status, 204);
      assert.equal((await t.api('GET', url(`/${dev.id}`), { token: owner.token })).status, 404);
      assert.equal((await t.api('GET', `/projects/${project}`, { token: dev.token })).status, 404, 'the project is hidden again');
    });

    test('DELETE /projects/:id/members/:user_id returns 403 when a maintainer removes an owner', async () => {
      const res = await t.api('DELETE', url(`/${owner.id}`), { token: maint.token });
      assert.equal(res.status, 403);
      assert.deepEqual(res.body, { message: '403 Forbidden' });
    });

    test('DELETE /projects/:id/members/:user_id lets a developer leave but not remove others', async () => {
      await t.api('POST', url(), { token: owner.token, body: { user_id: dev.id, access_level: 30 } });
      const other = await t.api('DELETE', url(`/${maint.id}`), { token: dev.token });
      assert.equal(other.status, 403);
      const leave = await t.api('DELETE', url(`/${dev.id}`), { token: dev.token });
      assert.equal(leave.status, 204);
    });

    test('DELETE /projects/:id/members/:user_id returns 400 when the last owner is removed, 404 for a non-member', async () => {
      const last = await t.api('DELETE', url(`/${owner.id}`), { token: owner.token });
      assert.equal(last.status, 400);
      assert.deepEqual(last.body, { message: '400 Bad request - A project must keep at least one owner' });
      const none = await t.api('DELETE', url(`/${outsider.id}`), { token: owner.token });
      assert.equal(none.status, 404);
      assert.deepEqual(none.body, { message: '404 Member Not Found' });
    });
  });
}
