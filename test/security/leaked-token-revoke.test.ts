import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { generateToken } from '../../src/domain/token-format.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { createProject, createProjectToken, type TestProject } from '../helpers/project-tokens.ts';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';
import { insertHook } from '../helpers/webhook-fixtures.ts';
import { REVOKED_BODY, tokenUses, TRANSPORTS } from '../helpers/token-transports.ts';

const ACCEPTED = { message: '202 Accepted' };

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * POST /api/v4/tokens/revoke: anyone who finds a token of this instance revokes it, over real HTTP
 * from loopback addresses standing for different reporters. The answer is the same whatever the
 * token was; the revoked token is refused everywhere; its bot goes; the audit log names the
 * reporter; reports are rate-limited per address; the token never reaches the logs.
 */
for (const dialect of DIALECTS) {
  describe(`POST /api/v4/tokens/revoke, leaked-token revocation by anyone (${dialect})`, () => {
    let f: GitFixture;
    let project: TestProject;
    let port: number;
    let reporters = 10;
    /** A loopback address no earlier test reported from: each test has its own rate-limit budget. */
    const nextReporter = () => `127.0.0.${++reporters}`;

    before(async () => {
      f = await startGitFixture(dialect, { LATCHKEY_REGISTRY_URL: 'http://127.0.0.1:5000', LATCHKEY_AUTH_BAN_MAX_FAILURES: '1000' });
      project = await createProject(f.t, f.t.rootToken, 'leaky');
      await f.seed(project.path);
      port = Number(new URL(f.baseUrl).port);
    });
    after(() => f.close());

    /** A real HTTP request from `from`: JSON unless `form` says otherwise, no credential unless given. */
    function report(from: string, body: string | null, options: { form?: boolean; token?: string } = {}): Promise<Answer> {
      return new Promise((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            localAddress: from,
            method: 'POST',
            path: '/api/v4/tokens/revoke',
            headers: {
              'content-type': options.form ? 'application/x-www-form-urlencoded' : 'application/json',
              ...(options.token && { 'private-token': options.token }),
            },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (text += chunk));
            res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
          },
        );
        req.on('error', reject);
        req.end(body ?? undefined);
      });
    }
    const json = (token: string) => JSON.stringify({ token });

    /** Whether a token gets in over each transport (a refusal must be the revoked one). */
    async function works(token: string): Promise<Record<string, boolean>> {
      const use = tokenUses(f, project);
      const result: Record<string, boolean> = {};
      for (const transport of TRANSPORTS) result[transport] = await use[transport](token);
      return result;
    }
    const EVERYWHERE = { api: true, git_http: true, ssh: true, registry: true };
    const NOWHERE = { api: false, git_http: false, ssh: false, registry: false };

    test('a live, an unknown, a revoked, a foreign and a mistyped token all get the same 202 and body', async () => {
      const from = nextReporter();
      const live = await createProjectToken(f.t, project.id, { name: 'live', access_level: 30 });
      const revoked = await createProjectToken(f.t, project.id, { name: 'already-revoked', access_level: 30 });
      assert.equal((await f.t.api('DELETE', `/projects/${project.id}/access_tokens/${revoked.id}`)).status, 204);
      const unknown = generateToken(f.t.config.tokenPrefix);
      const mistyped = `${live.token.slice(0, -1)}${live.token.endsWith('a') ? 'b' : 'a'}`;
      const answers: Answer[] = [];
      for (const token of [live.token, unknown, revoked.token, 'ghp_16C7e42F292c6912E7710c838347Ae178B4a', mistyped, 'glpat-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx']) {
        answers.push(await report(from, json(token)));
      }
      for (const answer of answers) {
        assert.deepEqual([answer.status, JSON.parse(answer.text)], [202, ACCEPTED]);
        assert.equal(answer.text, answers[0]!.text);
        assert.equal(answer.headers['content-type'], 'application/json');
      }
      assert.deepEqual(await works(live.token), NOWHERE, 'the live token is revoked');
    });

    test('a missing or impossible token is a 400 naming the problem; a form body works like JSON; a credential is not needed but allowed', async () => {
      const from = nextReporter();
      assert.deepEqual([(await report(from, '{}')).status, JSON.parse((await report(from, '{}')).text)], [400, { error: 'token is missing' }]);
      assert.deepEqual(JSON.parse((await report(from, null)).text), { error: 'token is missing' });
      for (const impossible of ['not a token at all', 'short', 'x'.repeat(129), '<script>alert(1)</script>glpat-aaaaaaaaaaaaaaaaaaaaaa']) {
        const res = await report(from, json(impossible));
        assert.deepEqual([res.status, JSON.parse(res.text)], [400, { error: 'token is invalid' }], impossible);
      }
      const viaForm = await createProjectToken(f.t, project.id, { name: 'via-form', access_level: 30 });
      const form = await report(from, `token=${encodeURIComponent(viaForm.token)}`, { form: true });
      assert.deepEqual([form.status, JSON.parse(form.text)], [202, ACCEPTED]);
      assert.equal((await f.t.api('GET', `/projects/${project.id}/access_tokens/${viaForm.id}`)).body.revoked, true);
      const reader = await f.t.createUser('leak-finder', { scopes: ['read_api'] });
      const withCredential = await createProjectToken(f.t, project.id, { name: 'found-by-a-user', access_level: 30 });
      const res = await report(from, json(withCredential.token), { token: reader.token });
      assert.equal(res.status, 202);
      assert.equal((await f.t.api('GET', `/projects/${project.id}/access_tokens/${withCredential.id}`)).body.revoked, true);
    });

    test('a reported project token stops working on every transport, its bot goes and what it wrote is the Ghost User\'s, and the audit log names the reporter', async () => {
      const from = nextReporter();
      const leaked = await createProjectToken(f.t, project.id, { name: 'leaked-bot', access_level: 30 });
      const issue = await f.t.api('POST', `/projects/${project.id}/issues`, { token: leaked.token, body: { title: 'written by the bot' } });
      assert.equal(issue.status, 201);
      assert.deepEqual(await works(leaked.token), EVERYWHERE);

      assert.equal((await report(from, json(leaked.token))).status, 202);
      assert.deepEqual(await works(leaked.token), NOWHERE);
      assert.equal((await f.t.api('GET', `/users/${leaked.userId}`)).status, 404, 'the bot is gone');
      const moved = await f.t.api('GET', `/projects/${project.id}/issues/${issue.body.iid}`);
      assert.equal(moved.body.author.username, 'ghost');
      const entity = (await f.t.api('GET', `/projects/${project.id}/access_tokens/${leaked.id}`)).body;
      assert.deepEqual([entity.revoked, entity.active], [true, false]);

      const audit = (await f.t.api('GET', `/projects/${project.id}/audit_events?per_page=100`)).body as {
        event_name: string;
        details: { target_id: number; custom_message: string; ip_address: string };
      }[];
      const events = audit.filter((event) => event.event_name === 'token_revoked_as_leaked' && event.details.target_id === leaked.userId);
      assert.equal(events.length, 1, JSON.stringify(audit));
      assert.equal(events[0]!.details.custom_message, `Revoked project access token with token_id: ${leaked.id}: reported as leaked from ${from}`);
      assert.equal(events[0]!.details.ip_address, from);

      // Reported again: the same answer, nothing more recorded, and it stays refused (no chain logic).
      assert.equal((await report(from, json(leaked.token))).status, 202);
      const again = (await f.t.api('GET', `/projects/${project.id}/audit_events?per_page=100`)).body as unknown[];
      assert.equal(again.length, audit.length);
      assert.deepEqual(await works(leaked.token), NOWHERE);
    });

    test("a reported project token's Maintainers are mailed and its access_token hooks get revoked_access_token", async () => {
      const from = nextReporter();
      const maintainer = await f.t.createUser('watchful-maintainer');
      assert.equal((await f.t.api('POST', `/projects/${project.id}/members`, { body: { user_id: maintainer.id, access_level: 40 } })).status, 201);
      const developer = await f.t.createUser('busy-developer');
      assert.equal((await f.t.api('POST', `/projects/${project.id}/members`, { body: { user_id: developer.id, access_level: 30 } })).status, 201);
      const hook = await insertHook(f.t.app.deps, project.id, 'http://127.0.0.1:9/hook', { triggers: ['resource_access_token_events'] });
      const leaked = await createProjectToken(f.t, project.id, { name: 'told-about', access_level: 30 });
      assert.equal((await report(from, json(leaked.token))).status, 202);

      const queued = await f.t.app.deps.db.selectFrom('outbox').selectAll().orderBy('id').execute();
      const mails = queued.filter((row) => row.kind === 'email').map((row) => JSON.parse(row.payload) as { to: string; subject: string; text: string });
      const to = mails.map((mail) => mail.to);
      assert.ok(to.some((address) => address.includes('watchful-maintainer')), JSON.stringify(to));
      assert.ok(!to.some((address) => address.includes('busy-developer')), 'Developers are not told');
      const told = mails.find((mail) => mail.to.includes('watchful-maintainer'))!;
      assert.match(told.subject, /reported as leaked and revoked/);
      assert.match(told.text, /told-about/);
      assert.equal(told.text.includes(leaked.token), false, 'the mail never carries the token');
      const hooks = queued.filter((row) => row.kind === 'webhook' && row.hook_id === hook.id).map((row) => JSON.parse(row.payload) as { event: string; body: { object_kind: string; event_name: string; object_attributes: { id: number; name: string } } });
      assert.equal(hooks.length, 1);
      assert.equal(hooks[0]!.event, 'Resource Access Token Hook');
      assert.deepEqual([hooks[0]!.body.object_kind, hooks[0]!.body.event_name], ['access_token', 'revoked_access_token']);
      assert.deepEqual([hooks[0]!.body.object_attributes.id, hooks[0]!.body.object_attributes.name], [leaked.id, 'told-about']);
      await f.t.app.deps.db.deleteFrom('webhooks').where('id', '=', hook.id).execute();
    });

    test("a reported personal token is revoked, with an audit event on its user naming the reporter", async () => {
      const from = nextReporter();
      const alice = await f.t.createUser('careless-alice');
      assert.equal((await f.t.api('GET', '/user', { token: alice.token })).status, 200);
      assert.equal((await report(from, json(alice.token))).status, 202);
      const res = await f.t.api('GET', '/user', { token: alice.token });
      assert.deepEqual([res.status, res.body], [401, REVOKED_BODY]);
      assert.equal((await f.t.api('GET', `/users/${alice.id}`)).status, 200, 'a human stays');
      const rows = await f.t.app.deps.db
        .selectFrom('audit_events')
        .selectAll()
        .where('entity_type', '=', 'User')
        .where('entity_id', '=', alice.id)
        .where('event_name', '=', 'token_revoked_as_leaked')
        .execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.ip_address, from);
      assert.match(rows[0]!.custom_message ?? '', new RegExp(`^Revoked personal access token with token_id: \\d+: reported as leaked from ${from.replace(/\./g, '\\.')}$`));
    });

    test('ten reports a minute per address: the eleventh is 429 with Retry-After, another address is unaffected, and a minute later it may report again', async () => {
      const from = nextReporter();
      const other = nextReporter();
      for (let i = 0; i < 10; i += 1) assert.equal((await report(from, json(generateToken(f.t.config.tokenPrefix)))).status, 202, `report ${i + 1}`);
      const kept = await createProjectToken(f.t, project.id, { name: 'behind-the-limit', access_level: 30 });
      const limited = await report(from, json(kept.token));
      assert.equal(limited.status, 429);
      assert.deepEqual(JSON.parse(limited.text), { message: { error: 'This endpoint has been requested too many times. Try again later.' } });
      assert.equal(limited.headers['retry-after'], '60');
      assert.deepEqual((await works(kept.token)).api, true, 'a refused report revokes nothing');
      assert.equal((await report(other, json(generateToken(f.t.config.tokenPrefix)))).status, 202);
      f.t.clock.advance(30_000);
      assert.equal((await report(from, json(kept.token))).headers['retry-after'], '30');
      f.t.clock.advance(30_000);
      assert.equal((await report(from, json(kept.token))).status, 202);
      assert.equal((await f.t.api('GET', `/projects/${project.id}/access_tokens/${kept.id}`)).body.revoked, true);
    });

    test('the reported token never reaches the logs, whatever became of it', async () => {
      const from = nextReporter();
      const live = await createProjectToken(f.t, project.id, { name: 'logged-nowhere', access_level: 30 });
      const unknown = generateToken(f.t.config.tokenPrefix);
      await report(from, json(live.token));
      await report(from, `token=${encodeURIComponent(unknown)}`, { form: true });
      await report(from, `{"token": "${unknown}"`); // bad JSON
      await report(from, json(`${unknown} `)); // impossible: a 400
      await works(live.token); // and its later refusal on every transport
      assert.ok(f.t.logs.length > 0);
      const logs = f.t.logs.join('\n');
      assert.equal(logs.includes(live.token), false);
      assert.equal(logs.includes(unknown), false);
    });
  });
}
