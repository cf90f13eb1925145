import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { tokenDigest } from '../../src/domain/token-format.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { addMember, createProject, type TestProject } from '../helpers/project-tokens.ts';
import { startTestApp, type ApiResponse, type TestApp } from '../helpers/test-app.ts';

// Every step of a project access token's life is in the project's audit log, with GitLab's
// messages, the author, the client IP and the bot as target; and no plain token is ever written to
// the audit log, the database or the logs.

interface AuditEvent {
  id: number;
  author_id: number;
  entity_id: number;
  entity_type: string;
  event_name: string;
  details: {
    custom_message: string;
    author_name: string;
    author_class: string;
    target_id: number | null;
    target_type: string | null;
    target_details: string | null;
    ip_address: string | null;
    entity_path: string;
  };
  created_at: string;
}

for (const dialect of DIALECTS) {
  describe(`project access token audit events (${dialect})`, () => {
    let t: TestApp;
    let project: TestProject;
    let owner: { id: number; token: string };
    let maintainer: { id: number; token: string };
    let developer: { id: number; token: string };
    /** Every plain token this test saw, whoever created it. */
    const secrets = new Set<string>();

    /** t.api that remembers every token a response hands out. */
    const api = async (...args: Parameters<TestApp['api']>): Promise<ApiResponse> => {
      const res = await t.api(...args);
      if (res.body && typeof res.body.token === 'string') secrets.add(res.body.token);
      return res;
    };
    const person = async (username: string) => {
      const user = await t.createUser(username);
      secrets.add(user.token);
      return user;
    };
    const auditLog = async (): Promise<AuditEvent[]> => {
      const res = await api('GET', `/projects/${project.id}/audit_events?per_page=100`, { token: maintainer.token });
      assert.equal(res.status, 200);
      return res.body;
    };
    const latest = async () => (await auditLog())[0]!;
    const botOf = async (userId: number) => (await api('GET', `/users/${userId}`)).body as { id: number; name: string; username: string };

    before(async () => {
      t = await startTestApp(dialect);
      secrets.add(t.rootToken);
      owner = await person('audit-owner');
      maintainer = await person('audit-maintainer');
      developer = await person('audit-developer');
      project = await createProject(t, owner.token, 'audited');
      await addMember(t, project.id, maintainer.id, 40);
      await addMember(t, project.id, developer.id, 30);
    });
    after(() => t.close());

    test('project_access_token_created names the token id, scopes and access level, with author, IP and the bot as target', async () => {
      const res = await api('POST', `/projects/${project.id}/access_tokens`, {
        token: maintainer.token,
        body: { name: 'audited bot', scopes: ['api', 'read_repository'], access_level: 30 },
      });
      assert.equal(res.status, 201);
      const event = await latest();
      assert.deepEqual(event, {
        id: event.id,
        author_id: maintainer.id,
        entity_id: project.id,
        entity_type: 'Project',
        event_name: 'project_access_token_created',
        details: {
          custom_message: `Created project access token with token_id: ${res.body.id} with scopes: [:api, :read_repository] and Developer access level.`,
          author_name: 'audit-maintainer',
          author_class: 'User',
          target_id: res.body.user_id,
          target_type: 'User',
          target_details: 'audited bot',
          ip_address: '127.0.0.1',
          entity_path: project.path,
        },
        created_at: '2026-11-29T12:00:00.000Z',
      });
    });

    test('project_access_token_creation_failed carries the refusal', async () => {
      const cases: [string, unknown, string][] = [
        [developer.token, { name: 'nope', scopes: ['api'] }, 'User does not have permission to create project access token'],
        [maintainer.token, { name: 'nope', scopes: ['api'], access_level: 50 }, 'Access level of the token contains permissions not held by the creating user'],
        [maintainer.token, { name: 'nope', scopes: ['read_user'] }, 'Scopes can only contain available scopes'],
        [
          maintainer.token,
          { name: 'nope', scopes: ['api'], expires_at: '2026-11-29' },
          'Expires at must be after 2026-11-29: a token stops working at 00:00 UTC on its expiry date, so one expiring on 2026-11-29 would be expired on arrival',
        ],
      ];
      for (const [token, body, reason] of cases) {
        const res = await api('POST', `/projects/${project.id}/access_tokens`, { token, body });
        assert.equal(res.status, 400);
        const event = await latest();
        assert.equal(event.event_name, 'project_access_token_creation_failed');
        assert.equal(event.details.custom_message, `Attempted to create project access token but failed with message: ${reason}`);
        assert.equal(event.details.ip_address, '127.0.0.1');
        assert.deepEqual([event.details.target_id, event.details.target_type], [null, null]);
      }
      assert.equal((await latest()).author_id, maintainer.id);
    });

    test('project_access_token_deletion_failed carries "<user> cannot delete <bot>"', async () => {
      const created = await api('POST', `/projects/${project.id}/access_tokens`, { token: maintainer.token, body: { name: 'kept bot', scopes: ['api'] } });
      const res = await api('DELETE', `/projects/${project.id}/access_tokens/${created.body.id}`, { token: developer.token });
      assert.equal(res.status, 400);
      const event = await latest();
      assert.equal(event.event_name, 'project_access_token_deletion_failed');
      assert.equal(
        event.details.custom_message,
        `Attempted to revoke project access token with token_id: ${created.body.id}, but failed with message: audit-developer cannot delete kept bot`,
      );
      assert.deepEqual([event.author_id, event.details.target_id, event.details.target_details], [developer.id, created.body.user_id, 'kept bot']);
    });

    test('project_access_token_rotated names the old and the new token, by a Maintainer and by the token itself', async () => {
      const created = await api('POST', `/projects/${project.id}/access_tokens`, { token: maintainer.token, body: { name: 'rotated bot', scopes: ['api'] } });
      const rotated = await api('POST', `/projects/${project.id}/access_tokens/${created.body.id}/rotate`, { token: maintainer.token });
      assert.equal(rotated.status, 200);
      let event = await latest();
      assert.equal(event.event_name, 'project_access_token_rotated');
      assert.equal(event.details.custom_message, `Rotated project access token with token_id: ${created.body.id}; the new token has token_id: ${rotated.body.id}`);
      assert.deepEqual([event.author_id, event.details.target_id, event.details.target_details], [maintainer.id, created.body.user_id, 'rotated bot']);

      const selfRotated = await api('POST', `/projects/${project.id}/access_tokens/self/rotate`, { token: rotated.body.token });
      assert.equal(selfRotated.status, 200);
      event = await latest();
      assert.equal(event.event_name, 'project_access_token_rotated');
      assert.equal(event.details.custom_message, `Rotated project access token with token_id: ${rotated.body.id}; the new token has token_id: ${selfRotated.body.id}`);
      assert.deepEqual([event.author_id, event.details.author_name], [created.body.user_id, 'rotated bot']);
    });

    test('project_access_token_deleted on revoke and on self-revoke; project_access_token_reuse_detected on reuse of a rotated token', async () => {
      const created = await api('POST', `/projects/${project.id}/access_tokens`, { token: maintainer.token, body: { name: 'revoked bot', scopes: ['api'] } });
      assert.equal((await api('DELETE', `/projects/${project.id}/access_tokens/${created.body.id}`, { token: maintainer.token })).status, 204);
      let event = await latest();
      assert.equal(event.event_name, 'project_access_token_deleted');
      assert.equal(event.details.custom_message, `Revoked project access token with token_id: ${created.body.id}`);
      assert.deepEqual([event.author_id, event.details.target_id, event.details.target_details, event.details.ip_address], [maintainer.id, created.body.user_id, 'revoked bot', '127.0.0.1']);

      const selfRevoking = await api('POST', `/projects/${project.id}/access_tokens`, { token: maintainer.token, body: { name: 'quitter', scopes: ['read_api'] } });
      assert.equal((await api('DELETE', '/personal_access_tokens/self', { token: selfRevoking.body.token })).status, 204);
      event = await latest();
      assert.equal(event.details.custom_message, `Revoked project access token with token_id: ${selfRevoking.body.id}`);
      assert.deepEqual([event.author_id, event.details.author_name], [selfRevoking.body.user_id, 'quitter']);

      const leaked = await api('POST', `/projects/${project.id}/access_tokens`, { token: maintainer.token, body: { name: 'leaked', scopes: ['api'] } });
      const successor = await api('POST', `/projects/${project.id}/access_tokens/self/rotate`, { token: leaked.body.token });
      assert.equal((await api('POST', `/projects/${project.id}/access_tokens/self/rotate`, { token: leaked.body.token })).status, 401);
      event = await latest();
      assert.equal(event.event_name, 'project_access_token_reuse_detected');
      assert.equal(
        event.details.custom_message,
        `Revoked project access token with token_id: ${successor.body.id} and its rotation chain (token_id: ${leaked.body.id}, ${successor.body.id}): ` +
          `the rotated token with token_id: ${leaked.body.id} was used again over api from 127.0.0.1`,
      );
      assert.deepEqual([event.author_id, event.details.target_id, event.details.target_details], [leaked.body.user_id, leaked.body.user_id, 'leaked']);
      assert.equal(event.details.ip_address, '127.0.0.1');
    });

    test('GET /projects/:id/audit_events returns 403 to a Developer and is paginated newest first', async () => {
      const denied = await api('GET', `/projects/${project.id}/audit_events`, { token: developer.token });
      assert.equal(denied.status, 403);
      assert.deepEqual(denied.body, { message: '403 Forbidden' });
      const all = await auditLog();
      const page = await api('GET', `/projects/${project.id}/audit_events?per_page=2&page=2`, { token: owner.token });
      assert.deepEqual(page.body.map((e: AuditEvent) => e.id), all.slice(2, 4).map((e) => e.id));
      assert.equal(page.headers['x-total'], String(all.length));
      const ids = all.map((e) => e.id);
      assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
    });

    test('no plain token appears in the audit events, any database table or any log line', async () => {
      const bot = await botOf((await api('POST', `/projects/${project.id}/access_tokens`, { token: maintainer.token, body: { name: 'last', scopes: ['api'] } })).body.user_id);
      assert.ok(bot.username.startsWith('project_'));
      assert.ok(secrets.size >= 14, `saw ${secrets.size} tokens`);

      const audit = JSON.stringify(await auditLog());
      const db = t.app.deps.db as unknown as Kysely<any>;
      const tables = (await db.introspection.getTables()).map((table) => table.name);
      assert.ok(tables.includes('personal_access_tokens') && tables.includes('audit_events'));
      const dump: string[] = [];
      for (const table of tables) dump.push(JSON.stringify(await db.selectFrom(table).selectAll().execute()));
      const database = dump.join('\n');
      const logs = t.logs.join('');
      assert.ok(logs.length > 0);

      for (const secret of secrets) {
        const hint = `${secret.slice(0, 9)}…`;
        assert.equal(audit.includes(secret), false, `audit events contain ${hint}`);
        assert.equal(database.includes(secret), false, `the database contains ${hint}`);
        assert.equal(logs.includes(secret), false, `the logs contain ${hint}`);
        // The random part alone, without the prefix, is nowhere either.
        const body = secret.slice('glpat-'.length);
        assert.equal(audit.includes(body) || database.includes(body) || logs.includes(body), false, `the secret part of ${hint} leaked`);
      }
      // Sanity check that the dump is the real thing: it holds the digests.
      assert.ok(database.includes(tokenDigest(t.app.deps.secret, t.rootToken)));
    });
  });
}
