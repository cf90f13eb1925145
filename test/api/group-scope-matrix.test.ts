import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PERSONAL_TOKEN_SCOPES, scopesGrant, scopesGranting, type Ability } from '../../src/domain/scopes.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { INSUFFICIENT_SCOPE } from '../helpers/project-tokens.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { routesOf } from '../security/routes.ts';

// The scope matrix of the group routes: every route under /api/v4/groups × every scope of a
// personal access token held by the group's Owner. Which scopes pass is read from the scope table
// (src/domain/scopes.ts); behind the gate, the Owner's request succeeds.

interface Request {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
}

interface Route {
  label: string;
  ability: Ability;
  prepare(): Promise<Request>;
  ok: number;
}

for (const dialect of DIALECTS) {
  describe(`scope matrix of the group API routes (${dialect})`, () => {
    let t: TestApp;
    let owner: { id: number; token: string };
    let group: { id: number };
    let steady: { id: number };
    let counter = 0;
    const fresh = () => (counter += 1);
    const freshUser = async () => (await t.createUser(`group-matrix-${fresh()}`)).id;

    before(async () => {
      t = await startTestApp(dialect);
      owner = await t.createUser('group-owner');
      group = (await t.api('POST', '/groups', { token: owner.token, body: { name: 'matrix', path: 'matrix' } })).body;
      steady = await t.createUser('group-steady');
      assert.equal((await t.api('POST', `/groups/${group.id}/members`, { token: owner.token, body: { user_id: steady.id, access_level: 30 } })).status, 201);
    });
    after(() => t.close());

    const routes = (): Route[] => {
      const g = `/groups/${group.id}`;
      const get = (label: string, path: string): Route => ({ label, ability: 'read_api', prepare: async () => ({ method: 'GET', path }), ok: 200 });
      return [
        get('GET /groups', '/groups'),
        get('GET /groups/:id', g),
        get('GET /groups/:id/subgroups', `${g}/subgroups`),
        get('GET /groups/:id/descendant_groups', `${g}/descendant_groups`),
        get('GET /groups/:id/projects', `${g}/projects`),
        get('GET /groups/:id/members', `${g}/members`),
        get('GET /groups/:id/members/all', `${g}/members/all`),
        get('GET /groups/:id/members/:user_id', `${g}/members/${steady.id}`),
        get('GET /groups/:id/members/all/:user_id', `${g}/members/all/${steady.id}`),
        {
          label: 'POST /groups',
          ability: 'write_api',
          prepare: async () => ({ method: 'POST', path: '/groups', body: { name: 'made', path: `made-${fresh()}` } }),
          ok: 201,
        },
        { label: 'PUT /groups/:id', ability: 'write_api', prepare: async () => ({ method: 'PUT', path: g, body: { description: `d${fresh()}` } }), ok: 200 },
        {
          label: 'DELETE /groups/:id',
          ability: 'write_api',
          prepare: async () => {
            const doomed = await t.api('POST', '/groups', { token: owner.token, body: { name: 'doomed', path: `doomed-${fresh()}` } });
            return { method: 'DELETE', path: `/groups/${doomed.body.id}` };
          },
          ok: 202,
        },
        {
          label: 'POST /groups/:id/members',
          ability: 'write_api',
          prepare: async () => ({ method: 'POST', path: `${g}/members`, body: { user_id: await freshUser(), access_level: 30 } }),
          ok: 201,
        },
        {
          label: 'PUT /groups/:id/members/:user_id',
          ability: 'write_api',
          prepare: async () => ({ method: 'PUT', path: `${g}/members/${steady.id}`, body: { access_level: 20 + (fresh() % 2) * 10 } }),
          ok: 200,
        },
        {
          label: 'DELETE /groups/:id/members/:user_id',
          ability: 'write_api',
          prepare: async () => {
            const id = await freshUser();
            await t.api('POST', `${g}/members`, { token: owner.token, body: { user_id: id, access_level: 30 } });
            return { method: 'DELETE', path: `${g}/members/${id}` };
          },
          ok: 204,
        },
        // gtokens
        get('GET /groups/:id/access_tokens', `${g}/access_tokens`),
        {
          label: 'GET /groups/:id/access_tokens/:token_id',
          ability: 'read_api',
          prepare: async () => ({ method: 'GET', path: `${g}/access_tokens/${await groupToken('read-by-matrix')}` }),
          ok: 200,
        },
        {
          label: 'POST /groups/:id/access_tokens',
          ability: 'write_api',
          prepare: async () => ({ method: 'POST', path: `${g}/access_tokens`, body: { name: 'minted-by-matrix', scopes: ['read_api'], access_level: 20 } }),
          ok: 201,
        },
        {
          label: 'POST /groups/:id/access_tokens/:token_id/rotate',
          ability: 'write_api',
          prepare: async () => ({ method: 'POST', path: `${g}/access_tokens/${await groupToken('rotated-by-matrix')}/rotate` }),
          ok: 200,
        },
        {
          label: 'DELETE /groups/:id/access_tokens/:token_id',
          ability: 'write_api',
          prepare: async () => ({ method: 'DELETE', path: `${g}/access_tokens/${await groupToken('revoked-by-matrix')}` }),
          ok: 204,
        },
        // A personal token rotating itself at a group's self/rotate: GitLab's 405, past the gate.
        { label: 'POST /groups/:id/access_tokens/self/rotate', ability: 'rotate_own_token', prepare: async () => ({ method: 'POST', path: `${g}/access_tokens/self/rotate` }), ok: 405 },
        // gparity
        {
          label: 'PUT /groups/:id/access_tokens/:token_id',
          ability: 'write_api',
          prepare: async () => ({ method: 'PUT', path: `${g}/access_tokens/${await groupToken('limited-by-matrix')}`, body: { allowed_ips: ['10.0.0.0/8'] } }),
          ok: 200,
        },
        {
          label: 'GET /groups/:id/access_tokens/:token_id/activity',
          ability: 'read_api',
          prepare: async () => ({ method: 'GET', path: `${g}/access_tokens/${await groupToken('watched-by-matrix')}/activity` }),
          ok: 200,
        },
        get('GET /groups/:id/hooks', `${g}/hooks`),
        { label: 'GET /groups/:id/hooks/:hook_id', ability: 'read_api', prepare: async () => ({ method: 'GET', path: `${g}/hooks/${await groupHook()}` }), ok: 200 },
        { label: 'POST /groups/:id/hooks', ability: 'write_api', prepare: async () => ({ method: 'POST', path: `${g}/hooks`, body: { url: 'https://example.com/matrix' } }), ok: 201 },
        {
          label: 'PUT /groups/:id/hooks/:hook_id',
          ability: 'write_api',
          prepare: async () => ({ method: 'PUT', path: `${g}/hooks/${await groupHook()}`, body: { issues_events: true } }),
          ok: 200,
        },
        { label: 'DELETE /groups/:id/hooks/:hook_id', ability: 'write_api', prepare: async () => ({ method: 'DELETE', path: `${g}/hooks/${await groupHook()}` }), ok: 204 },
        // The group has no project with commits to build the sample from: GitLab's 422, past the gate.
        {
          label: 'POST /groups/:id/hooks/:hook_id/test/:trigger',
          ability: 'write_api',
          prepare: async () => ({ method: 'POST', path: `${g}/hooks/${await groupHook()}/test/push_events` }),
          ok: 422,
        },
      ];
    };
    // gparity: a hook of the group made by the Owner, its id.
    const groupHook = async (): Promise<number> => {
      const res = await t.api('POST', `/groups/${group.id}/hooks`, { token: owner.token, body: { url: `https://example.com/hook-${fresh()}` } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id;
    };
    // gtokens: a group access token made by the Owner, its id.
    const groupToken = async (name: string): Promise<number> => {
      const res = await t.api('POST', `/groups/${group.id}/access_tokens`, { token: owner.token, body: { name, scopes: ['read_api'], access_level: 20 } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id;
    };

    test('every route under /api/v4/groups has a row in the matrix', () => {
      const listed = new Set(routes().map((route) => route.label));
      const served = (['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const).flatMap((method) =>
        routesOf(t.app.http, method)
          .filter((route) => route === '/api/v4/groups' || route.startsWith('/api/v4/groups/'))
          .map((route) => `${method} ${route.slice('/api/v4'.length)}`),
      );
      assert.deepEqual(served.filter((route) => !listed.has(route)), [], 'a group route the matrix does not know: add a row for it');
      assert.deepEqual([...listed].filter((label) => !served.includes(label)), [], 'a matrix row for a route the router does not have');
    });

    for (const scope of PERSONAL_TOKEN_SCOPES) {
      test(`a personal access token with scope ${scope}: the group routes whose ability it grants pass, the others get 403 insufficient_scope`, async () => {
        const made = await t.api('POST', `/users/${owner.id}/personal_access_tokens`, { body: { name: `matrix-${scope}`, scopes: [scope] } });
        assert.equal(made.status, 201);
        for (const route of routes()) {
          const request = await route.prepare();
          const res = await t.api(request.method, request.path, { token: made.body.token, body: request.body });
          const cell = `${route.label} (${route.ability}) with scope ${scope}`;
          if (scopesGrant([scope], route.ability)) {
            assert.equal(res.status, route.ok, `${cell}: ${JSON.stringify(res.body)}`);
          } else {
            assert.equal(res.status, 403, cell);
            assert.deepEqual(res.body, { error: 'insufficient_scope', error_description: INSUFFICIENT_SCOPE, scope: scopesGranting(route.ability).join(' ') }, cell);
          }
        }
      });
    }
  });
}
