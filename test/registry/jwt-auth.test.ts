import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { libtrustKeyId } from '../../src/registry/libtrust-key-id.ts';
import { registryFiles } from '../../src/registry/signing-key.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { addMember, createProject, createProjectToken, type TestProject } from '../helpers/project-tokens.ts';
import { ROOT_PASSWORD, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { basic, grantedAccess, jwtAuth, UNAUTHORIZED_BODY, verifyRegistryToken } from './registry-helpers.ts';

const ALL = 'pull,push,delete,*';
const REGISTRY_ENV = { LATCHKEY_REGISTRY_URL: 'http://127.0.0.1:5000' };

for (const dialect of DIALECTS) {
  describe(`GET /jwt/auth (${dialect})`, () => {
    let t: TestApp;
    let demo: TestProject;
    let other: TestProject;
    let evil: TestProject;

    before(async () => {
      t = await startTestApp(dialect, REGISTRY_ENV);
      demo = await createProject(t, t.rootToken, 'demo');
      other = await createProject(t, t.rootToken, 'other');
      await createProject(t, t.rootToken, 'open', 'public');
      evil = await createProject(t, t.rootToken, 'demo-evil');
    });
    after(() => t.close());

    const projectToken = async (project: TestProject, scopes: string[], accessLevel = 30) =>
      (await createProjectToken(t, project.id, { scopes, access_level: accessLevel })).token;

    test('returns {"token"} with an RS256 JWT: libtrust kid, iss, sub, aud string, iat, nbf = iat-5, exp = iat+300, jti, access', async () => {
      const token = await projectToken(demo, ['read_registry', 'write_registry']);
      const res = await jwtAuth(t, [`repository:${demo.path}:pull,push`], basic(token));
      assert.equal(res.status, 200);
      assert.deepEqual(Object.keys(res.body), ['token']);
      const { header, claims } = await verifyRegistryToken(t, res.body.token);
      const certificate = new X509Certificate(readFileSync(registryFiles(t.config.dataDir).certificate));
      assert.deepEqual(header, { alg: 'RS256', typ: 'JWT', kid: libtrustKeyId(certificate.publicKey) });
      assert.match(header.kid!, /^[A-Z2-7]{4}(:[A-Z2-7]{4}){11}$/);
      const iat = Math.floor(t.clock.now().getTime() / 1000);
      assert.equal(claims.iss, 'latchkey-issuer');
      assert.equal(claims.aud, 'container_registry');
      assert.match(String(claims.sub), /^project_\d+_bot_[0-9a-f]{16}$/);
      assert.equal(claims.iat, iat);
      assert.equal(claims.nbf, iat - 5);
      assert.equal(claims.exp, iat + 300);
      assert.equal(typeof claims.jti, 'string');
      assert.deepEqual(claims.access, [{ type: 'repository', name: 'root/demo', actions: ['pull', 'push'] }]);
    });

    test('generates the signing key once into the data dir, mode 0600, and reuses it', async () => {
      const files = registryFiles(t.config.dataDir);
      assert.equal(statSync(files.key).mode & 0o777, 0o600);
      const first = await verifyRegistryToken(t, (await jwtAuth(t, [], basic(t.rootToken))).body.token);
      const second = await verifyRegistryToken(t, (await jwtAuth(t, [], basic(t.rootToken))).body.token);
      assert.equal(first.header.kid, second.header.kid);
    });

    test('grants, per token scope, only the actions the scope allows (Developer bot, all actions asked)', async () => {
      const expected: [string[], string[]][] = [
        [['read_registry'], ['pull']],
        [['write_registry'], ['push']],
        [['read_registry', 'write_registry'], ['pull', 'push']],
        [['api'], ['pull', 'push']],
        [['read_api'], ['pull']],
        [['read_repository'], []],
        [['write_repository'], []],
        [['self_rotate'], []],
      ];
      for (const [scopes, actions] of expected) {
        const token = await projectToken(demo, scopes, 30);
        const access = await grantedAccess(t, await jwtAuth(t, [`repository:root/demo:${ALL}`], basic(token)));
        assert.deepEqual(access, actions.length ? [{ type: 'repository', name: 'root/demo', actions }] : [], scopes.join('+'));
      }
    });

    test('grants, per role, Reporter+ pull, Developer+ push, Maintainer+ delete and * (api token)', async () => {
      const expected: [number, string[]][] = [
        [10, []],
        [15, []],
        [20, ['pull']],
        [30, ['pull', 'push']],
        [40, ['pull', 'push', 'delete', '*']],
        [50, ['pull', 'push', 'delete', '*']],
      ];
      for (const [level, actions] of expected) {
        const token = await projectToken(demo, ['api'], level);
        const access = await grantedAccess(t, await jwtAuth(t, [`repository:root/demo:${ALL}`], basic(token)));
        assert.deepEqual(access, actions.length ? [{ type: 'repository', name: 'root/demo', actions }] : [], `level ${level}`);
      }
    });

    test('grants each of several scopes separately, images below the project path included, and drops the rest', async () => {
      const token = await projectToken(demo, ['read_registry', 'write_registry']);
      const access = await grantedAccess(
        t,
        await jwtAuth(
          t,
          [
            'repository:root/demo:pull',
            'repository:root/demo/app:push,pull',
            'repository:root/demo/app/nested:pull',
            'repository:root/demo/app/nested/deeper:pull',
            'repository:root/other:pull',
            'repository:root/open:pull,push',
            'repository:root/missing:pull',
          ],
          basic(token),
        ),
      );
      assert.deepEqual(access, [
        { type: 'repository', name: 'root/demo', actions: ['pull'] },
        { type: 'repository', name: 'root/demo/app', actions: ['push', 'pull'] },
        // Two components below the project at most, as GitLab: a deeper name belongs to no project.
        { type: 'repository', name: 'root/demo/app/nested', actions: ['pull'] },
        // A public project: anyone may pull, nobody outside it pushes.
        { type: 'repository', name: 'root/open', actions: ['pull'] },
      ]);
    });

    test("grants nothing on another project's private images to a project token", async () => {
      const token = await projectToken(other, ['api'], 50);
      const access = await grantedAccess(t, await jwtAuth(t, [`repository:root/demo:${ALL}`, `repository:root/demo/app:${ALL}`], basic(token)));
      assert.deepEqual(access, []);
    });

    test('grants nothing outside the project path: prefix look-alikes and one-component names', async () => {
      const token = await projectToken(demo, ['api'], 50);
      const access = await grantedAccess(
        t,
        await jwtAuth(t, [`repository:${evil.path}:${ALL}`, `repository:root/demox:${ALL}`, `repository:root:${ALL}`, `repository:demo:${ALL}`], basic(token)),
      );
      assert.deepEqual(access, []);
    });

    test('refuses malformed scopes with 400 and grants nothing (traversal, upper case, missing parts, a host in the name)', async () => {
      const token = await projectToken(demo, ['api'], 50);
      for (const scope of [
        'repository:root/demo/../other:pull',
        'repository:root/demo/..:pull',
        'repository:root/./demo:pull',
        'repository:root/Demo:pull',
        'repository:root/demo',
        'repository:/root/demo:pull',
        'repository:127.0.0.1:5000/root/demo:pull',
        'repository:root/demo:pull;push',
        'nonsense',
      ]) {
        const res = await jwtAuth(t, ['repository:root/demo:pull', scope], basic(token));
        assert.equal(res.status, 400, scope);
        assert.equal(res.body.errors[0].code, 'INVALID_SCOPE', scope);
        assert.equal(res.body.token, undefined);
      }
      const tooMany = await jwtAuth(t, Array.from({ length: 21 }, () => 'repository:root/demo:pull'), basic(token));
      assert.equal(tooMany.status, 400);
    });

    test('reads several space-separated scopes in one scope parameter (RFC 6749)', async () => {
      const token = await projectToken(demo, ['read_registry']);
      const access = await grantedAccess(t, await jwtAuth(t, ['repository:root/demo:pull repository:root/demo/app:pull'], basic(token)));
      assert.deepEqual(access, [
        { type: 'repository', name: 'root/demo', actions: ['pull'] },
        { type: 'repository', name: 'root/demo/app', actions: ['pull'] },
      ]);
    });

    test('drops unknown resource types and actions silently', async () => {
      const token = await projectToken(demo, ['api'], 50);
      const access = await grantedAccess(t, await jwtAuth(t, ['repository(plugin):root/demo:pull', 'repository:root/demo:fly,pull'], basic(token)));
      assert.deepEqual(access, [{ type: 'repository', name: 'root/demo', actions: ['pull'] }]);
    });

    test('grants registry:catalog:* to an administrator only', async () => {
      const admin = await grantedAccess(t, await jwtAuth(t, ['registry:catalog:*'], basic(t.rootToken)));
      assert.deepEqual(admin, [{ type: 'registry', name: 'catalog', actions: ['*'] }]);
      const user = await t.createUser('catalog-reader');
      assert.deepEqual(await grantedAccess(t, await jwtAuth(t, ['registry:catalog:*'], basic(user.token))), []);
      const bot = await projectToken(demo, ['api'], 50);
      assert.deepEqual(await grantedAccess(t, await jwtAuth(t, ['registry:catalog:*'], basic(bot))), []);
    });

    test("a human's password works as Basic credentials; a member's personal token is bounded by their role", async () => {
      const owner = await grantedAccess(t, await jwtAuth(t, [`repository:root/demo:${ALL}`], basic(ROOT_PASSWORD, 'root')));
      assert.deepEqual(owner, [{ type: 'repository', name: 'root/demo', actions: ['pull', 'push', 'delete', '*'] }]);
      const reporter = await t.createUser('reporter-human', { scopes: ['read_registry', 'write_registry'] });
      await addMember(t, demo.id, reporter.id, 20);
      const access = await grantedAccess(t, await jwtAuth(t, [`repository:root/demo:${ALL}`], basic(reporter.token, 'reporter-human')));
      assert.deepEqual(access, [{ type: 'repository', name: 'root/demo', actions: ['pull'] }]);
      const byPassword = await grantedAccess(t, await jwtAuth(t, [`repository:root/demo:${ALL}`], basic('password-123', 'reporter-human')));
      assert.deepEqual(byPassword, [{ type: 'repository', name: 'root/demo', actions: ['pull'] }]);
    });

    test('anonymous: pulls a public project, nothing else; the token has no sub', async () => {
      const res = await jwtAuth(t, ['repository:root/open:pull,push', `repository:root/demo:${ALL}`], null);
      const { claims } = await verifyRegistryToken(t, res.body.token);
      assert.deepEqual(claims.access, [{ type: 'repository', name: 'root/open', actions: ['pull'] }]);
      assert.equal(claims.sub, undefined);
    });

    test('bad credentials get 401 {"errors":[{"code":"UNAUTHORIZED","message":"HTTP Basic: Access denied"}]}', async () => {
      const revoked = await createProjectToken(t, demo.id, { scopes: ['read_registry'] });
      assert.equal((await t.api('DELETE', `/projects/${demo.id}/access_tokens/${revoked.id}`)).status, 204);
      const expiring = await createProjectToken(t, demo.id, { scopes: ['read_registry'], expires_at: '2026-11-30' });
      assert.equal((await jwtAuth(t, ['repository:root/demo:pull'], basic(expiring.token))).status, 200);
      const real = t.rootToken;
      const forged = `${real.slice(0, -8)}${real.at(-8) === 'a' ? 'b' : 'a'}${real.slice(-7)}`;
      t.clock.set('2026-11-30T00:00:00.000Z');
      try {
        for (const [what, authorization] of [
          ['wrong password', basic('wrong-password', 'root')],
          ['unknown token', basic(forged)],
          ['revoked token', basic(revoked.token)],
          ['expired token', basic(expiring.token)],
          ['empty password', basic('', 'root')],
          ['no colon', `Basic ${Buffer.from('rootonly').toString('base64')}`],
        ] as const) {
          const res = await jwtAuth(t, ['repository:root/demo:pull'], authorization);
          assert.equal(res.status, 401, what);
          assert.deepEqual(res.body, UNAUTHORIZED_BODY, what);
        }
      } finally {
        t.clock.set('2026-11-29T12:00:00.000Z');
      }
    });

    test('an unknown service is 404 and no token', async () => {
      const res = await jwtAuth(t, ['repository:root/demo:pull'], basic(t.rootToken), 'other_service');
      assert.equal(res.status, 404);
      assert.equal(res.body.token, undefined);
      assert.equal((await jwtAuth(t, [], basic(t.rootToken), '')).status, 404);
    });

    test('the project entity carries container_registry_image_prefix', async () => {
      const res = await t.api('GET', `/projects/${demo.id}`);
      assert.equal(res.body.container_registry_image_prefix, '127.0.0.1:5000/root/demo');
    });

    test('no token or Basic credentials ever reach the log', async () => {
      const token = await projectToken(demo, ['read_registry']);
      await jwtAuth(t, ['repository:root/demo:pull'], basic(token));
      await jwtAuth(t, ['repository:root/demo:pull'], basic(ROOT_PASSWORD, 'root'));
      const basicHeader = Buffer.from(`any:${token}`).toString('base64');
      assert.ok(t.logs.every((line) => !line.includes(token) && !line.includes(ROOT_PASSWORD) && !line.includes(basicHeader)));
    });
  });

  describe(`GET /jwt/auth with the failed-authentication ban (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect, { ...REGISTRY_ENV, LATCHKEY_AUTH_BAN_MAX_FAILURES: '3', LATCHKEY_AUTH_BAN_SECONDS: '3600' });
    });
    after(() => t.close());

    test('failed attempts count toward the shared ban: then even good credentials and anonymous requests get 403', async () => {
      const scope = ['repository:root/x:pull'];
      assert.equal((await jwtAuth(t, scope, basic('wrong-1', 'root'))).status, 401);
      // Root's own password forgets the failures against root (a token would forget none).
      assert.equal((await jwtAuth(t, scope, basic(ROOT_PASSWORD, 'root'))).status, 200, "a success resets its login's count");
      for (let i = 0; i < 3; i += 1) assert.equal((await jwtAuth(t, scope, basic(`wrong-${i}`, 'root'))).status, 401);
      const banned = await jwtAuth(t, scope, basic(t.rootToken));
      assert.equal(banned.status, 403);
      assert.equal(banned.body.errors[0].code, 'DENIED');
      assert.equal((await jwtAuth(t, scope, null)).status, 403);
      t.clock.advance(3601 * 1000);
      assert.equal((await jwtAuth(t, scope, basic(t.rootToken))).status, 200);
    });
  });

  describe(`GET /jwt/auth ban behind a trusted proxy (${dialect})`, () => {
    const PROXY = '192.0.2.10';
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect, { ...REGISTRY_ENV, LATCHKEY_TRUSTED_PROXIES: PROXY, LATCHKEY_AUTH_BAN_MAX_FAILURES: '3' });
    });
    after(() => t.close());

    /** The status of a Basic login arriving from `remoteAddress`, forwarded for `client` when given. */
    const login = async (password: string, remoteAddress: string, client?: string): Promise<number> => {
      const response = await t.app.http.inject({
        method: 'GET',
        url: '/jwt/auth?service=container_registry',
        remoteAddress,
        headers: { authorization: `Basic ${Buffer.from(`root:${password}`).toString('base64')}`, ...(client && { 'x-forwarded-for': client }) },
      });
      return response.statusCode;
    };

    test('bans the client named in X-Forwarded-For, not the proxy or its other clients', async () => {
      for (let i = 0; i < 3; i++) assert.equal(await login(`wrong-${i}`, PROXY, '198.51.100.1'), 401);
      assert.equal(await login(ROOT_PASSWORD, PROXY, '198.51.100.1'), 403, 'client A is banned even with good credentials');
      assert.equal(await login(ROOT_PASSWORD, PROXY, '198.51.100.2'), 200, 'client B through the same proxy');
      assert.equal(await login(ROOT_PASSWORD, PROXY), 200, 'the proxy itself');
    });

    test('never bans the trusted proxy address itself', async () => {
      for (let i = 0; i < 5; i++) assert.equal(await login(`wrong-${i}`, PROXY), 401);
      assert.equal(await login(ROOT_PASSWORD, PROXY), 200);
    });

    test('ignores X-Forwarded-For from an untrusted peer: a changing header does not dodge the ban', async () => {
      for (let i = 0; i < 3; i++) assert.equal(await login(`wrong-${i}`, '203.0.113.7', `198.51.100.${10 + i}`), 401);
      assert.equal(await login(ROOT_PASSWORD, '203.0.113.7', '198.51.100.20'), 403);
    });
  });

  describe(`GET /jwt/auth with the ban switched off (LATCHKEY_AUTH_BAN_MAX_FAILURES=0) (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect, { ...REGISTRY_ENV, LATCHKEY_AUTH_BAN_MAX_FAILURES: '0' });
    });
    after(() => t.close());

    test('10 failed logins, then good credentials still succeed', async () => {
      for (let i = 0; i < 10; i++) assert.equal((await jwtAuth(t, [], basic(`wrong-${i}`, 'root'))).status, 401);
      assert.equal((await jwtAuth(t, [], basic(ROOT_PASSWORD, 'root'))).status, 200);
    });
  });

  describe(`GET /jwt/auth without a registry configured (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
    });
    after(() => t.close());

    test('answers 404 UNAVAILABLE and the project entity has no container_registry_image_prefix', async () => {
      const res = await jwtAuth(t, ['repository:root/demo:pull'], basic(t.rootToken));
      assert.equal(res.status, 404);
      assert.deepEqual(res.body, { errors: [{ code: 'UNAVAILABLE', message: 'registry not enabled' }] });
      const project = await createProject(t, t.rootToken, 'plain');
      const entity = await t.api('GET', `/projects/${project.id}`);
      assert.equal('container_registry_image_prefix' in entity.body, false);
    });
  });
}
