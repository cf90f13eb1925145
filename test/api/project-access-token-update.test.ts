import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { addMember, createProject, createProjectToken, type TestProject } from '../helpers/project-tokens.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

// PUT /projects/:id/access_tokens/:token_id (Latchkey's own: allowed_ips and allowed_refs), and the
// two fields at creation and rotation.

for (const dialect of DIALECTS) {
  describe(`project access token limits (${dialect})`, () => {
    let t: TestApp;
    let owner: { id: number; token: string };
    let maintainer: { id: number; token: string };
    let developer: { id: number; token: string };
    let project: TestProject;

    before(async () => {
      t = await startTestApp(dialect);
      owner = await t.createUser('lola');
      maintainer = await t.createUser('max');
      developer = await t.createUser('dev');
      project = await createProject(t, owner.token, 'limits-home');
      await addMember(t, project.id, maintainer.id, 40);
      await addMember(t, project.id, developer.id, 30);
    });
    after(() => t.close());

    const put = (tokenId: number, body: unknown, token?: string) => t.api('PUT', `/projects/${project.id}/access_tokens/${tokenId}`, { token, body });

    test('POST with allowed_ips and allowed_refs: normalized, shown in the entity; without them: empty lists', async () => {
      const limited = await createProjectToken(t, project.id, { name: 'limited', ...({ allowed_ips: ['127.0.0.1', '10.0.0.0/08', '2001:DB8::/32'], allowed_refs: ['refs/heads/renovate/*'] } as object) });
      assert.deepEqual(limited.body.allowed_ips, ['127.0.0.1', '10.0.0.0/8', '2001:db8::/32']);
      assert.deepEqual(limited.body.allowed_refs, ['refs/heads/renovate/*']);
      const read = await t.api('GET', `/projects/${project.id}/access_tokens/${limited.id}`);
      assert.deepEqual([read.body.allowed_ips, read.body.allowed_refs], [['127.0.0.1', '10.0.0.0/8', '2001:db8::/32'], ['refs/heads/renovate/*']]);
      const plain = await createProjectToken(t, project.id, { name: 'plain' });
      assert.deepEqual([plain.body.allowed_ips, plain.body.allowed_refs], [[], []]);
    });

    test('POST with a bad entry: 400 naming the field and the entry, and no token is made', async () => {
      const before = (await t.api('GET', `/projects/${project.id}/access_tokens`)).body.length;
      const ip = await t.api('POST', `/projects/${project.id}/access_tokens`, { body: { name: 'x', scopes: ['api'], allowed_ips: ['example.com'] } });
      assert.equal(ip.status, 400);
      assert.deepEqual(ip.body, { message: { allowed_ips: ['has an entry that is not an IP address or CIDR range: example.com'] } });
      const ref = await t.api('POST', `/projects/${project.id}/access_tokens`, { body: { name: 'x', scopes: ['api'], allowed_refs: ['main'] } });
      assert.equal(ref.status, 400);
      assert.match(JSON.stringify(ref.body), /allowed_refs.*not a full ref pattern.*: main/);
      const many = await t.api('POST', `/projects/${project.id}/access_tokens`, {
        body: { name: 'x', scopes: ['api'], allowed_ips: Array.from({ length: 33 }, (_, i) => `10.0.0.${i}`) },
      });
      assert.deepEqual(many.body, { message: { allowed_ips: ['is too long (maximum is 32 entries)'] } });
      assert.equal((await t.api('GET', `/projects/${project.id}/access_tokens`)).body.length, before);
    });

    test('PUT by a Maintainer sets, changes and clears each field on its own, and the audit log names what changed', async () => {
      const token = await createProjectToken(t, project.id, { name: 'updatable', access_level: 30 });
      const set = await put(token.id, { allowed_ips: ['192.0.2.0/24'], allowed_refs: ['refs/heads/bot/*', 'refs/tags/v*'] }, maintainer.token);
      assert.equal(set.status, 200, JSON.stringify(set.body));
      assert.deepEqual([set.body.id, set.body.allowed_ips, set.body.allowed_refs], [token.id, ['192.0.2.0/24'], ['refs/heads/bot/*', 'refs/tags/v*']]);
      assert.equal(set.body.token, undefined, 'the secret is never shown again');
      const refsOnly = await put(token.id, { allowed_refs: ['refs/heads/bot/*'] }, maintainer.token);
      assert.deepEqual([refsOnly.body.allowed_ips, refsOnly.body.allowed_refs], [['192.0.2.0/24'], ['refs/heads/bot/*']]);
      const cleared = await put(token.id, { allowed_ips: [] }, maintainer.token);
      assert.deepEqual([cleared.body.allowed_ips, cleared.body.allowed_refs], [[], ['refs/heads/bot/*']]);
      const events = (await t.api('GET', `/projects/${project.id}/audit_events?per_page=100`)).body.filter((e: any) => e.event_name === 'project_access_token_updated');
      const messages = events.map((e: any) => e.details.custom_message).reverse();
      assert.deepEqual(messages, [
        `Updated project access token with token_id: ${token.id}: allowed_ips from none to [192.0.2.0/24]; allowed_refs from none to [refs/heads/bot/*, refs/tags/v*]`,
        `Updated project access token with token_id: ${token.id}: allowed_refs from [refs/heads/bot/*, refs/tags/v*] to [refs/heads/bot/*]`,
        `Updated project access token with token_id: ${token.id}: allowed_ips from [192.0.2.0/24] to none`,
      ]);
      assert.equal(events[0].author_id, maintainer.id);
    });

    test('PUT with form fields (allowed_ips[]=) works like JSON', async () => {
      const token = await createProjectToken(t, project.id, { name: 'form-updated', access_level: 30 });
      const res = await t.api('PUT', `/projects/${project.id}/access_tokens/${token.id}?allowed_ips[]=127.0.0.1&allowed_ips[]=::1&allowed_refs[]=refs/heads/a`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual([res.body.allowed_ips, res.body.allowed_refs], [['127.0.0.1', '::1'], ['refs/heads/a']]);
    });

    test('PUT without either field: 400 as Grape words at_least_one_of; with a bad entry: the field error', async () => {
      const token = await createProjectToken(t, project.id, { name: 'untouched', access_level: 30 });
      const none = await put(token.id, { name: 'renamed' });
      assert.equal(none.status, 400);
      assert.deepEqual(none.body, { error: 'allowed_ips, allowed_refs are missing, at least one parameter must be provided' });
      const bad = await put(token.id, { allowed_refs: ['refs/heads/a..b'] });
      assert.equal(bad.status, 400);
      assert.match(JSON.stringify(bad.body), /allowed_refs/);
      assert.deepEqual((await t.api('GET', `/projects/${project.id}/access_tokens/${token.id}`)).body.allowed_refs, []);
    });

    test('PUT by a Developer: 401; a token above the Maintainer: 400; unknown or another project\'s token: 404; revoked: 400', async () => {
      const token = await createProjectToken(t, project.id, { name: 'guarded', access_level: 30 });
      assert.equal((await put(token.id, { allowed_ips: ['127.0.0.1'] }, developer.token)).status, 401);
      const owned = await createProjectToken(t, project.id, { name: 'owner-level', access_level: 50 });
      const above = await put(owned.id, { allowed_ips: ['127.0.0.1'] }, maintainer.token);
      assert.deepEqual([above.status, above.body], [400, { message: '400 Bad request - Not eligible to update tokens with permissions not held by the user' }]);
      assert.equal((await put(owned.id, { allowed_ips: ['127.0.0.1'] }, owner.token)).status, 200);
      const missing = await put(999_999, { allowed_ips: ['127.0.0.1'] });
      assert.deepEqual([missing.status, missing.body], [404, { message: '404 Could not find project access token with token_id: 999999 Not Found' }]);
      const elsewhere = await createProject(t, owner.token, 'limits-elsewhere');
      const foreign = await createProjectToken(t, elsewhere.id, { name: 'foreign' });
      assert.equal((await put(foreign.id, { allowed_ips: ['127.0.0.1'] })).status, 404);
      assert.equal((await t.api('DELETE', `/projects/${project.id}/access_tokens/${token.id}`)).status, 204);
      const revoked = await put(token.id, { allowed_ips: ['127.0.0.1'] });
      assert.deepEqual([revoked.status, revoked.body], [400, { message: '400 Bad request - Token already revoked' }]);
    });

    test('a rotated token\'s successor keeps both limits', async () => {
      const token = await createProjectToken(t, project.id, { name: 'rotating', ...({ allowed_ips: ['127.0.0.1'], allowed_refs: ['refs/tags/v*'] } as object) });
      const rotated = await t.api('POST', `/projects/${project.id}/access_tokens/${token.id}/rotate`);
      assert.equal(rotated.status, 200);
      assert.deepEqual([rotated.body.allowed_ips, rotated.body.allowed_refs], [['127.0.0.1'], ['refs/tags/v*']]);
    });

    test('POST /users/:user_id/personal_access_tokens takes the limits too', async () => {
      const res = await t.api('POST', `/users/${developer.id}/personal_access_tokens`, { body: { name: 'pat', scopes: ['api'], allowed_refs: ['refs/heads/dev/*'] } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.deepEqual([res.body.allowed_ips, res.body.allowed_refs], [[], ['refs/heads/dev/*']]);
    });

    // review-sec: a limited token must not lift its own limits nor mint an unlimited sibling (both already refused).
    test('a token limited to some refs cannot lift its own limits (401) nor create a token without them (400)', async () => {
      const limited = await createProjectToken(t, project.id, { name: 'scoped-maint', access_level: 40, ...({ allowed_refs: ['refs/heads/renovate/*'] } as object) });
      const lifted = await put(limited.id, { allowed_refs: [] }, limited.token);
      assert.equal(lifted.status, 401, JSON.stringify(lifted.body));
      const sibling = await t.api('POST', `/projects/${project.id}/access_tokens`, { token: limited.token, body: { name: 'escape', scopes: ['api'], access_level: 40 } });
      assert.equal(sibling.status, 400, JSON.stringify(sibling.body));
      const read = await t.api('GET', `/projects/${project.id}/access_tokens/${limited.id}`);
      assert.deepEqual(read.body.allowed_refs, ['refs/heads/renovate/*']);
    });
  });
}
