import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fingerprintOf } from '../../src/domain/ssh-public-key.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

// Fixed, real public keys (ssh-keygen output), so the tests need no key generation.
const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILiCq5EmCBzjBfW3bB9bohpE0SHZh371zpA1Hk7dTMkl alice@example.com';
const ED25519_FINGERPRINT = 'SHA256:5OTbnPSs1meA9nVYpN13gtnrLb4q/DadEff0QW5HWUI'; // ssh-keygen -lf
const ED25519_B = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJZnD4ZKQKkeXqduMgSREf1jkW2GjFaSYBjguigFSrRi bob@example.com';

for (const dialect of DIALECTS) {
  describe(`SSH keys API (${dialect})`, () => {
    let t: TestApp;
    let alice: { id: number; token: string };
    let bob: { id: number; token: string };

    before(async () => {
      t = await startTestApp(dialect);
      alice = await t.createUser('alice');
      bob = await t.createUser('bob');
    });
    after(() => t.close());

    test('POST /user/keys returns 201 with the key entity; GET /user/keys and /user/keys/:key_id show it', async () => {
      const res = await t.api('POST', '/user/keys', { token: alice.token, body: { title: 'laptop', key: ED25519 } });
      assert.equal(res.status, 201);
      assert.deepEqual(Object.keys(res.body).sort(), ['created_at', 'expires_at', 'id', 'key', 'title', 'usage_type']);
      assert.equal(res.body.title, 'laptop');
      assert.equal(res.body.key, ED25519);
      assert.equal(res.body.expires_at, null);
      assert.equal(res.body.usage_type, 'auth_and_signing');
      assert.equal(res.body.created_at, '2026-11-29T12:00:00.000Z');
      const list = await t.api('GET', '/user/keys', { token: alice.token });
      assert.equal(list.status, 200);
      assert.deepEqual(list.body, [res.body]);
      assert.equal(list.headers['x-total'], '1');
      const one = await t.api('GET', `/user/keys/${res.body.id}`, { token: alice.token });
      assert.deepEqual(one.body, res.body);
    });

    test('GET /users/:id/keys lists a user\'s public keys, to anyone; an unknown user is 404', async () => {
      const byId = await t.api('GET', `/users/${alice.id}/keys`, { token: null });
      assert.equal(byId.status, 200);
      assert.deepEqual(byId.body.map((k: any) => k.title), ['laptop']);
      const byName = await t.api('GET', '/users/alice/keys', { token: bob.token });
      assert.deepEqual(byName.body, byId.body);
      const missing = await t.api('GET', '/users/999999/keys');
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.body, { message: '404 User Not Found' });
    });

    test('POST /user/keys returns 400 for a malformed key, a private key, and a key someone already registered', async () => {
      for (const key of ['not a key', 'ssh-ed25519 AAAA', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILiCq5EmCBzjBfW3bB9bohpE0SHZh371zpA1Hk7dTM', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----', `ssh-rsa ${ED25519.split(' ')[1]}`]) {
        const res = await t.api('POST', '/user/keys', { token: bob.token, body: { title: 'bad', key } });
        assert.equal(res.status, 400, key);
        assert.deepEqual(res.body, { message: { key: ['is invalid'], fingerprint_sha256: ['cannot be generated'] } });
      }
      const taken = await t.api('POST', '/user/keys', { token: bob.token, body: { title: 'stolen', key: ED25519 } });
      assert.equal(taken.status, 400);
      assert.deepEqual(taken.body, { message: { fingerprint_sha256: ['has already been taken'] } });
      const noTitle = await t.api('POST', '/user/keys', { token: bob.token, body: { key: ED25519_B } });
      assert.equal(noTitle.status, 400);
      assert.deepEqual(noTitle.body, { error: 'title is missing' });
      const past = await t.api('POST', '/user/keys', { token: bob.token, body: { title: 'old', key: ED25519_B, expires_at: '2020-01-01' } });
      assert.equal(past.status, 400);
    });

    test("a user cannot see or delete another user's key (404 Key Not Found); DELETE /user/keys/:key_id removes one's own", async () => {
      const mine = await t.api('POST', '/user/keys', { token: bob.token, body: { title: 'desk', key: ED25519_B, expires_at: '2027-01-01T00:00:00Z' } });
      assert.equal(mine.status, 201);
      assert.equal(mine.body.expires_at, '2027-01-01T00:00:00.000Z');
      for (const method of ['GET', 'DELETE'] as const) {
        const res = await t.api(method, `/user/keys/${mine.body.id}`, { token: alice.token });
        assert.equal(res.status, 404);
        assert.deepEqual(res.body, { message: '404 Key Not Found' });
      }
      assert.equal((await t.api('DELETE', `/user/keys/${mine.body.id}`, { token: bob.token })).status, 204);
      assert.equal((await t.api('GET', `/user/keys/${mine.body.id}`, { token: bob.token })).status, 404);
    });

    test('a project bot cannot add a key; a read_api token cannot add one either; read_user can list', async () => {
      const project = await t.api('POST', '/projects', { body: { name: 'keys' } });
      const bot = await t.api('POST', `/projects/${project.body.id}/access_tokens`, { body: { name: 'bot', scopes: ['api'], access_level: 40 } });
      const res = await t.api('POST', '/user/keys', { token: bot.body.token, body: { title: 'bot', key: ED25519_B } });
      assert.equal(res.status, 403);
      const reader = await t.createUser('reader', { scopes: ['read_api'] });
      const scoped = await t.api('POST', '/user/keys', { token: reader.token, body: { title: 'r', key: ED25519_B } });
      assert.equal(scoped.status, 403);
      assert.equal(scoped.body.error, 'insufficient_scope');
      const userReader = await t.createUser('profile', { scopes: ['read_user'] });
      assert.equal((await t.api('GET', '/user/keys', { token: userReader.token })).status, 200);
      assert.equal((await t.api('GET', '/user/keys', { token: null })).status, 401);
    });

    test('the stored fingerprint is the SHA256 fingerprint ssh-keygen prints', () => {
      const blob = Buffer.from(ED25519.split(' ')[1]!, 'base64');
      assert.equal(fingerprintOf(blob), ED25519_FINGERPRINT);
    });
  });
}
