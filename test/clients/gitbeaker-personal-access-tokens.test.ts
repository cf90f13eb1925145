import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Gitlab } from '@gitbeaker/rest';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { statusOf } from './gitbeaker-status.ts';

// Personal access token rotation driven by an unmodified GitLab client, @gitbeaker/rest
// (PersonalAccessTokens.rotate, by id and 'self'), against a listening Latchkey. Debian's
// python-gitlab 3.12 has no PersonalAccessToken.rotate.

for (const dialect of DIALECTS) {
  describe(`@gitbeaker/rest against Latchkey: personal access token rotation (${dialect})`, () => {
    let t: TestApp;
    let host: string;

    before(async () => {
      t = await startTestApp(dialect);
      host = await t.app.http.listen({ host: '127.0.0.1', port: 0 });
    });
    after(() => t.close());

    test('rotate by id and rotate self through PersonalAccessTokens, using each new token', async () => {
      const alice = await t.createUser('gitbeaker-alice');
      const asAlice = new Gitlab({ host, token: alice.token });
      const own = await asAlice.PersonalAccessTokens.show();

      const rotated = await asAlice.PersonalAccessTokens.rotate(own.id, { expiresAt: '2026-12-24' });
      assert.match(rotated.token as string, /^glpat-/);
      assert.deepEqual([rotated.user_id, rotated.name, rotated.expires_at, rotated.active], [alice.id, own.name, '2026-12-24', true]);
      const asRotated = new Gitlab({ host, token: rotated.token as string });
      assert.equal((await asRotated.Users.showCurrentUser()).id, alice.id);

      const itself = await asRotated.PersonalAccessTokens.rotate('self');
      assert.equal(itself.user_id, alice.id);
      const asItself = new Gitlab({ host, token: itself.token as string });
      assert.equal((await asItself.Users.showCurrentUser()).id, alice.id);

      // Someone else's token: 401 (an admin would learn 404 for a missing one).
      const bob = await t.createUser('gitbeaker-bob');
      const asBob = new Gitlab({ host, token: bob.token });
      assert.equal(await statusOf(asBob.PersonalAccessTokens.rotate(itself.id)), 401);
      assert.equal(await statusOf(new Gitlab({ host, token: t.rootToken }).PersonalAccessTokens.rotate(999_999)), 404);

      // The rotated-away token, presented again, takes its whole chain with it.
      assert.equal(await statusOf(asAlice.Users.showCurrentUser()), 401);
      assert.equal(await statusOf(asItself.Users.showCurrentUser()), 401);
    });
  });
}
