import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { bad, createProject, createProjectToken, INSUFFICIENT_SCOPE, sortedKeys, TOKEN_ENTITY_KEYS } from '../helpers/project-tokens.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { textOf, WebClient } from '../web/web-client.ts';

const MINUTE = 60_000;
const UNAUTHORIZED = { message: '401 Unauthorized' };
const NOT_FOUND = { message: '404 Not Found' };
// A human's token has no access_level; the rotate response is the create response, with `token`.
const ROTATED_KEYS = [...TOKEN_ENTITY_KEYS.filter((key) => key !== 'access_level'), 'token'].sort();

/**
 * POST /personal_access_tokens/:id/rotate and /personal_access_tokens/self/rotate, as GitLab
 * answers them (200 with the new token; 401 for someone else's token, 404 only for an admin; 400
 * for a token already revoked), plus Latchkey's `grace_period_minutes`, the audit events on the
 * owner, reuse detection of a rotated-away token, and the Rotate button of the web page.
 */
for (const dialect of DIALECTS) {
  describe(`personal access token rotation (${dialect})`, () => {
    let t: TestApp;

    before(async () => {
      t = await startTestApp(dialect);
    });
    after(() => t.close());

    /** A fresh token root makes for `userId`. */
    async function tokenFor(userId: number, body: Record<string, unknown> = {}): Promise<{ id: number; token: string }> {
      const res = await t.api('POST', `/users/${userId}/personal_access_tokens`, { body: { name: 'rotatable', scopes: ['api'], ...body } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return { id: res.body.id, token: res.body.token };
    }
    const rotate = (id: number | 'self', options: { token?: string | null; body?: Record<string, unknown> } = {}) =>
      t.api('POST', `/personal_access_tokens/${id}/rotate`, { ...options, body: options.body ?? {} });
    const works = async (token: string) => (await t.api('GET', '/personal_access_tokens/self', { token })).status === 200;
    const shown = async (id: number) => (await t.api('GET', `/personal_access_tokens/${id}`)).body;
    /** The owner's audit log (GitLab's User audit events; Latchkey has no API for them yet). */
    const userAudit = (userId: number) =>
      t.app.deps.db.selectFrom('audit_events').selectAll().where('entity_type', '=', 'User').where('entity_id', '=', userId).orderBy('id').execute();

    test('POST /personal_access_tokens/:id/rotate by its owner: 200 with the new token, which expires in a week; the old one stops working', async () => {
      const alice = await t.createUser('alice');
      const old = await tokenFor(alice.id, { name: 'deploy', scopes: ['api', 'read_repository'], description: 'for the deploy job' });
      const res = await rotate(old.id, { token: alice.token });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(sortedKeys(res.body), ROTATED_KEYS);
      assert.match(res.body.token, /^glpat-/);
      assert.notEqual(res.body.id, old.id);
      assert.deepEqual(
        [res.body.name, res.body.description, res.body.scopes, res.body.user_id, res.body.active, res.body.revoked, res.body.expires_at],
        ['deploy', 'for the deploy job', ['api', 'read_repository'], alice.id, true, false, '2026-12-06'],
      );
      assert.equal(await works(res.body.token), true);
      const before = await shown(old.id);
      assert.deepEqual([before.revoked, before.active], [true, false]);
      const audit = await userAudit(alice.id);
      assert.deepEqual(
        audit.map((event) => [event.event_name, event.author_id, event.target_id, event.custom_message]),
        [['personal_access_token_rotated', alice.id, res.body.id, `Rotated personal access token with token_id: ${old.id}; the new token has token_id: ${res.body.id}`]],
      );
      // The old token is refused (and, presented again, takes its successor with it: see the reuse test).
      assert.equal(await works(old.token), false);
    });

    test('expires_at sets the new token\'s date; one of today or past the cap is refused with 400 and rotates nothing', async () => {
      const carol = await t.createUser('carol');
      const old = await tokenFor(carol.id);
      const today = await rotate(old.id, { body: { expires_at: '2026-11-29' } });
      assert.equal(today.status, 400);
      assert.match(today.body.message, /^400 Bad request - Expires at must be after 2026-11-29/);
      const invalid = await rotate(old.id, { body: { expires_at: 'soon' } });
      assert.deepEqual([invalid.status, invalid.body], [400, { error: 'expires_at is invalid' }]);
      assert.equal(await works(old.token), true);
      const res = await rotate(old.id, { body: { expires_at: '2027-01-31' } });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.expires_at, '2027-01-31');
    });

    test('someone else\'s token: 401 for a non-admin (whether it exists or not), 404 for an admin only when it does not exist', async () => {
      const dave = await t.createUser('dave');
      const erin = await t.createUser('erin');
      const hers = await tokenFor(erin.id);
      assert.deepEqual(await rotate(hers.id, { token: dave.token }).then((r) => [r.status, r.body]), [401, UNAUTHORIZED]);
      assert.deepEqual(await rotate(999_999, { token: dave.token }).then((r) => [r.status, r.body]), [401, UNAUTHORIZED]);
      assert.deepEqual(await rotate(999_999).then((r) => [r.status, r.body]), [404, NOT_FOUND]);
      assert.equal(await works(hers.token), true, 'the refused rotations left her token alone');
      // An admin may rotate anyone's token; the event names the admin as its author, on the owner.
      const byAdmin = await rotate(hers.id);
      assert.equal(byAdmin.status, 200);
      assert.equal(byAdmin.body.user_id, erin.id);
      const [event] = await userAudit(erin.id);
      assert.equal(event?.author_id, (await t.api('GET', '/user')).body.id);
    });

    test('a revoked, rotated-away or expired token is refused with 400, and no token is issued', async () => {
      const frank = await t.createUser('frank');
      const revoked = await tokenFor(frank.id);
      assert.equal((await t.api('DELETE', `/personal_access_tokens/${revoked.id}`)).status, 204);
      assert.deepEqual(await rotate(revoked.id).then((r) => [r.status, r.body]), [400, bad('Token already revoked')]);
      const graced = await tokenFor(frank.id);
      assert.equal((await rotate(graced.id, { body: { grace_period_minutes: 10 } })).status, 200);
      assert.deepEqual(await rotate(graced.id).then((r) => [r.status, r.body]), [400, bad('Token already revoked')]);
      const expiring = await tokenFor(frank.id, { expires_at: '2026-11-30' });
      const saved = t.clock.now().toISOString();
      t.clock.set('2026-11-30T00:00:00.000Z');
      try {
        assert.deepEqual(await rotate(expiring.id).then((r) => [r.status, r.body]), [400, bad('Token already expired')]);
      } finally {
        t.clock.set(saved);
      }
      const listed = (await t.api('GET', `/personal_access_tokens?user_id=${frank.id}&per_page=100`)).body as unknown[];
      assert.equal(listed.length, 5, 'createUser\'s token, the three above and the one successor');
    });

    test('POST /personal_access_tokens/self/rotate: an api or self_rotate token replaces itself; read_api gets 403 insufficient_scope', async () => {
      const grace = await t.createUser('grace', { scopes: ['self_rotate'] });
      const res = await rotate('self', { token: grace.token });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(sortedKeys(res.body), ROTATED_KEYS);
      assert.deepEqual([res.body.user_id, res.body.scopes, res.body.expires_at], [grace.id, ['self_rotate'], '2026-12-06']);
      // The successor may rotate itself again, with a date.
      const again = await rotate('self', { token: res.body.token, body: { expires_at: '2026-12-20' } });
      assert.deepEqual([again.status, again.body.expires_at], [200, '2026-12-20']);
      assert.equal((await t.api('GET', '/personal_access_tokens/self', { token: grace.token })).status, 401);

      const reader = await t.createUser('reader', { scopes: ['read_api'] });
      const refused = await rotate('self', { token: reader.token });
      assert.equal(refused.status, 403);
      assert.deepEqual([refused.body.error, refused.body.error_description, refused.body.scope], ['insufficient_scope', INSUFFICIENT_SCOPE, 'api self_rotate']);
      assert.equal(await works(reader.token), true);
      assert.deepEqual(await rotate('self', { token: null }).then((r) => [r.status, r.body]), [401, UNAUTHORIZED]);
    });

    test('a project access token may rotate itself here too (it is its bot\'s personal token): the bot keeps its membership', async () => {
      const project = await createProject(t, t.rootToken, 'self-rotating-bot');
      const bot = await createProjectToken(t, project.id, { name: 'bot', access_level: 30 });
      const res = await rotate('self', { token: bot.token });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.access_level, 30);
      assert.equal((await t.api('GET', `/projects/${project.id}`, { token: res.body.token })).status, 200);
      assert.equal((await t.api('GET', `/projects/${project.id}`, { token: bot.token })).status, 401);
      const events = (await t.api('GET', `/projects/${project.id}/audit_events`)).body as { event_name: string }[];
      assert.ok(events.some((event) => event.event_name === 'project_access_token_rotated'), JSON.stringify(events));
    });

    test('grace_period_minutes: the old token works until active_until, then is refused; 1441, -1 or a word is a 400 and rotates nothing', async () => {
      const heidi = await t.createUser('heidi');
      for (const value of [1441, -1]) {
        const res = await rotate('self', { token: heidi.token, body: { grace_period_minutes: value } });
        assert.deepEqual([res.status, res.body], [400, { error: 'grace_period_minutes does not have a valid value' }], String(value));
      }
      const word = await rotate('self', { token: heidi.token, body: { grace_period_minutes: 'soon' } });
      assert.deepEqual([word.status, word.body], [400, { error: 'grace_period_minutes is invalid' }]);
      const res = await rotate('self', { token: heidi.token, body: { grace_period_minutes: 30 } });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const old = await t.api('GET', '/personal_access_tokens/self', { token: heidi.token });
      assert.equal(old.status, 200, 'inside the grace period the old token still works');
      assert.deepEqual([old.body.active, old.body.superseded_at, old.body.active_until], [true, '2026-11-29T12:00:00.000Z', '2026-11-29T12:30:00.000Z']);
      const [event] = await userAudit(heidi.id);
      assert.match(event!.custom_message, /; the old token works until 2026-11-29T12:30:00.000Z \(grace period of 30 minutes\)$/);
      const saved = t.clock.now().toISOString();
      t.clock.advance(30 * MINUTE);
      try {
        assert.equal(await works(heidi.token), false, 'refused from active_until on');
        // Presented after its grace period, the old token is a leaked copy: its successor is revoked too.
        assert.equal(await works(res.body.token), false);
      } finally {
        t.clock.set(saved);
      }
    });

    test('reuse: presenting a rotated-away token revokes its whole rotation chain and is audited on the owner', async () => {
      const ivan = await t.createUser('ivan');
      const first = await tokenFor(ivan.id);
      const second = (await rotate(first.id)).body;
      const third = (await rotate('self', { token: second.token })).body;
      assert.equal(await works(third.token), true);
      assert.equal(await works(first.token), false);
      assert.equal(await works(third.token), false, 'the live end of the chain is revoked with it');
      const events = (await userAudit(ivan.id)).map((event) => [event.event_name, event.custom_message]);
      assert.deepEqual(events.at(-1), [
        'personal_access_token_reuse_detected',
        `Revoked personal access token with token_id: ${third.id} and its rotation chain (token_id: ${first.id}, ${second.id}, ${third.id}): ` +
          `the rotated token with token_id: ${first.id} was used again over api from 127.0.0.1`,
      ]);
      // Replaying it again finds the chain dead and records nothing more.
      assert.equal(await works(first.token), false);
      assert.equal((await userAudit(ivan.id)).length, events.length);
    });

    test('web: the personal access tokens page rotates with a grace period, shows the new token once, and links each token\'s Activity page', async () => {
      const judy = await t.createUser('judy');
      const web = new WebClient(t);
      await web.signIn('judy', 'password-123');
      const id = (await t.api('GET', '/personal_access_tokens/self', { token: judy.token })).body.id as number;
      const page = await web.get('/-/user_settings/personal_access_tokens');
      assert.equal(page.status, 200);
      assert.match(page.body, new RegExp(`action="/-/user_settings/personal_access_tokens/${id}/rotate"`));
      assert.match(page.body, /name="grace_period_minutes"/);
      const refused = await web.post(`/-/user_settings/personal_access_tokens/${id}/rotate`, { grace_period_minutes: '5000' });
      assert.equal(refused.status, 400);
      assert.match(textOf(refused.body), /grace_period_minutes does not have a valid value/);
      const res = await web.post(`/-/user_settings/personal_access_tokens/${id}/rotate`, { grace_period_minutes: '15' });
      assert.equal(res.status, 200);
      const fresh = /glpat-[A-Za-z0-9_-]{29}/.exec(res.body)?.[0];
      assert.ok(fresh, 'the new token is shown once');
      assert.equal(await works(fresh), true);
      assert.equal(await works(judy.token), true, 'inside its grace period');
      const row = new RegExp(`data-token-id="${id}"[\\s\\S]*?</tr>`).exec(res.body)?.[0] ?? '';
      assert.match(textOf(row), /Works until 2026-11-29 12:15 UTC/);
      // Each token's Activity page, linked from its row: the uses of the token, as the API lists them.
      assert.ok(row.includes(`href="/-/user_settings/personal_access_tokens/${id}/activity"`), row);
      await t.app.deps.tokenActivity.flush();
      const activity = await web.get(`/-/user_settings/personal_access_tokens/${id}/activity?transport=api`);
      assert.equal(activity.status, 200);
      assert.match(textOf(activity.body), /Activity of judy-token/);
      assert.match(textOf(activity.body), /GET \/api\/v4\/personal_access_tokens\/self 200 127\.0\.0\.1/);
      // Someone else's token: refused, nothing rotated.
      const other = await tokenFor((await t.createUser('mallory')).id);
      const foreign = await web.post(`/-/user_settings/personal_access_tokens/${other.id}/rotate`, { grace_period_minutes: '0' });
      assert.equal(foreign.status, 403);
      assert.match(textOf(foreign.body), /You don't have permission to do that./);
      assert.equal((await web.get(`/-/user_settings/personal_access_tokens/${other.id}/activity`)).status, 403);
      assert.equal(await works(other.token), true);
    });
  });
}
