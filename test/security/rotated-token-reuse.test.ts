import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { createProject, createProjectToken, type TestProject } from '../helpers/project-tokens.ts';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';
import { tokenUses, type Transport } from '../helpers/token-transports.ts';

/**
 * A token rotated away (the attacker's stolen copy) used once, over the API, git over HTTP, SSH
 * or the registry's /jwt/auth: the request fails as a revoked token, the whole rotation chain is
 * revoked (the live successor stops working, on that transport too), the bot is retired, and the
 * project's audit log says which transport and which address gave the reuse away.
 */
for (const dialect of DIALECTS) {
  describe(`a rotated-away token used on any transport revokes its rotation chain (${dialect})`, () => {
    let f: GitFixture;
    let project: TestProject;
    let use: Record<Transport, (token: string) => Promise<boolean>>;

    before(async () => {
      // A high threshold: the replays are failed logins, and this test must not be banned for them.
      f = await startGitFixture(dialect, { LATCHKEY_REGISTRY_URL: 'http://127.0.0.1:5000', LATCHKEY_AUTH_BAN_MAX_FAILURES: '1000' });
      project = await createProject(f.t, f.t.rootToken, 'rotating-vault');
      await f.seed(project.path);
      use = tokenUses(f, project);
    });
    after(() => f.close());


    /** A bot's token rotated twice: two superseded tokens and the live one, oldest first. */
    async function rotatedTwice(name: string) {
      const first = await createProjectToken(f.t, project.id, { name, scopes: ['api'], access_level: 30 });
      const second = await f.t.api('POST', `/projects/${project.id}/access_tokens/${first.id}/rotate`);
      assert.equal(second.status, 200);
      const third = await f.t.api('POST', `/projects/${project.id}/access_tokens/${second.body.id}/rotate`);
      assert.equal(third.status, 200);
      return { botId: first.userId, ids: [first.id, second.body.id, third.body.id], superseded: [first.token, second.body.token], live: third.body.token as string };
    }

    const cases: [Transport, 'the first' | 'the second'][] = [
      ['api', 'the first'],
      ['git_http', 'the first'],
      ['ssh', 'the second'],
      ['registry', 'the second'],
    ];
    for (const [transport, which] of cases) {
      test(`${transport}: ${which} of two rotated-away tokens is refused as revoked, the live successor dies with it, the bot goes, the audit log names ${transport}`, async () => {
        const chain = await rotatedTwice(`leaked-${transport}`);
        assert.equal(await use[transport](chain.live), true, 'the live token works before the reuse');

        const stolen = chain.superseded[which === 'the first' ? 0 : 1]!;
        assert.equal(await use[transport](stolen), false);

        assert.equal(await use[transport](chain.live), false, `the successor is refused over ${transport}`);
        assert.equal(await use.api(chain.live), false, 'and on the API');
        for (const id of chain.ids) {
          const shown = await f.t.api('GET', `/projects/${project.id}/access_tokens/${id}`);
          assert.deepEqual([shown.body.revoked, shown.body.active], [true, false], `token ${id}`);
        }
        assert.equal((await f.t.api('GET', `/users/${chain.botId}`)).status, 404, 'the bot is retired');

        const audit = await f.t.api('GET', `/projects/${project.id}/audit_events?per_page=100`);
        const events = (audit.body as { event_name: string; details: { target_id: number; custom_message: string; ip_address: string } }[]).filter(
          (event) => event.event_name === 'project_access_token_reuse_detected' && event.details.target_id === chain.botId,
        );
        assert.equal(events.length, 1, JSON.stringify(audit.body));
        assert.match(events[0]!.details.custom_message, new RegExp(`was used again over ${transport} from 127\\.0\\.0\\.1$`));
        assert.match(events[0]!.details.custom_message, new RegExp(`rotation chain \\(token_id: ${chain.ids.join(', ')}\\)`));
        assert.equal(events[0]!.details.ip_address, '127.0.0.1');

        // Replaying again finds the chain dead: refused, and nothing more is recorded.
        assert.equal(await use[transport](stolen), false);
        const again = await f.t.api('GET', `/projects/${project.id}/audit_events?per_page=100`);
        assert.equal(again.body.length, audit.body.length);
      });
    }

    test('a revoked token that was never rotated, used over git HTTP, revokes nothing else and records no reuse', async () => {
      const bystander = await createProjectToken(f.t, project.id, { name: 'bystander', scopes: ['api'], access_level: 30 });
      const revoked = await createProjectToken(f.t, project.id, { name: 'plain-revoked', scopes: ['api'], access_level: 30 });
      assert.equal((await f.t.api('DELETE', `/projects/${project.id}/access_tokens/${revoked.id}`)).status, 204);
      assert.equal(await use.git_http(revoked.token), false);
      assert.equal(await use.git_http(bystander.token), true);
      const audit = await f.t.api('GET', `/projects/${project.id}/audit_events?per_page=100`);
      const reuse = (audit.body as { event_name: string; details: { target_id: number } }[]).filter(
        (event) => event.event_name === 'project_access_token_reuse_detected' && event.details.target_id === revoked.userId,
      );
      assert.deepEqual(reuse, []);
    });
  });
}
