import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { ROOT_PASSWORD, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { WebClient, textOf } from './web-client.ts';

// The Access Tokens page: allowed IP addresses and refs in the create form, in the table, and in
// each token's "Edit limits" form.

const PAGE = '/root/fenced-web/-/settings/access_tokens';

for (const dialect of DIALECTS) {
  describe(`web token limits (${dialect})`, () => {
    let t: TestApp;
    let root: WebClient;
    let projectId: number;
    before(async () => {
      t = await startTestApp(dialect);
      root = new WebClient(t);
      await root.signIn('root', ROOT_PASSWORD);
      projectId = (await t.api('POST', '/projects', { body: { name: 'fenced-web' } })).body.id;
    });
    after(() => t.close());

    test('the create form takes one entry a line; the table shows the limits; the edit form changes and clears them', async () => {
      const form = await root.get(PAGE);
      assert.match(form.body, /<label for="token-allowed-ips">Allowed IP addresses/);
      assert.match(form.body, /<label for="token-allowed-refs">Allowed refs/);
      const created = await root.post(PAGE, {
        name: 'renovate',
        expires_at: '2027-01-15',
        access_level: '30',
        scopes: ['api'],
        allowed_ips: '127.0.0.1\r\n10.0.0.0/8\r\n',
        allowed_refs: 'refs/heads/renovate/*',
      });
      assert.equal(created.status, 200, textOf(created.body));
      const token = (await t.api('GET', `/projects/${projectId}/access_tokens`)).body.find((item: any) => item.name === 'renovate');
      assert.deepEqual([token.allowed_ips, token.allowed_refs], [['127.0.0.1', '10.0.0.0/8'], ['refs/heads/renovate/*']]);
      const listed = await root.get(PAGE);
      assert.match(textOf(listed.body), /IPs: 127\.0\.0\.1 10\.0\.0\.0\/8 Refs: refs\/heads\/renovate\/\*/);

      const saved = await root.post(`${PAGE}/${token.id}/limits`, { allowed_ips: '', allowed_refs: 'refs/heads/bot/*\nrefs/tags/v*' });
      assert.equal(saved.status, 303);
      assert.equal(saved.headers.location, `${PAGE}?notice=token_limits_updated`);
      const after = (await t.api('GET', `/projects/${projectId}/access_tokens/${token.id}`)).body;
      assert.deepEqual([after.allowed_ips, after.allowed_refs], [[], ['refs/heads/bot/*', 'refs/tags/v*']]);
      const events = (await t.api('GET', `/projects/${projectId}/audit_events`)).body;
      assert.equal(events[0].event_name, 'project_access_token_updated');
    });

    test('a bad entry is refused with the reason on the page, and nothing changes', async () => {
      const token = (await t.api('POST', `/projects/${projectId}/access_tokens`, { body: { name: 'plain', scopes: ['api'] } })).body;
      await root.get(PAGE);
      const refused = await root.post(`${PAGE}/${token.id}/limits`, { allowed_ips: 'example.com', allowed_refs: '' });
      assert.equal(refused.status, 400);
      assert.match(textOf(refused.body), /example\.com/);
      assert.deepEqual((await t.api('GET', `/projects/${projectId}/access_tokens/${token.id}`)).body.allowed_ips, []);
    });

    test('a post without the session and its CSRF token changes nothing', async () => {
      const token = (await t.api('POST', `/projects/${projectId}/access_tokens`, { body: { name: 'csrf', scopes: ['api'] } })).body;
      const res = await t.app.http.inject({ method: 'POST', url: `${PAGE}/${token.id}/limits`, payload: { allowed_ips: '127.0.0.1' } });
      assert.ok(res.statusCode === 303 || res.statusCode >= 400, String(res.statusCode));
      assert.deepEqual((await t.api('GET', `/projects/${projectId}/access_tokens/${token.id}`)).body.allowed_ips, []);
    });
  });
}
