import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import {
  addMember,
  bad,
  createProject,
  createProjectToken,
  ids,
  INSUFFICIENT_SCOPE,
  sortedKeys,
  TOKEN_ENTITY_KEYS,
  type TestProject,
} from '../helpers/project-tokens.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

// GitLab's request specs for the project access token routes (spec/requests/api/resource_access_tokens_spec.rb
// and resource_access_tokens/self_rotation_spec.rb), ported as behaviour tests, plus what docs/GITLAB-COMPATIBILITY.md adds.

const START = '2026-11-29T12:00:00.000Z';
const REVOKED_BODY = { error: 'invalid_token', error_description: 'Token was revoked. You have to re-authorize from the user.' };
const EXPIRED_BODY = { error: 'invalid_token', error_description: 'Token is expired. You can either do re-authorization or token refresh.' };
const UNAUTHORIZED = { message: '401 Unauthorized' };

interface Person {
  id: number;
  token: string;
  name: string;
}

for (const dialect of DIALECTS) {
  describe(`project access tokens API (${dialect})`, () => {
    let t: TestApp;
    let owner: Person;
    let maintainer: Person;
    let developer: Person;
    let reporter: Person;
    let stranger: Person;
    let project: TestProject; // owner: Owner, maintainer: Maintainer, developer, reporter
    let other: TestProject; // same members, no tokens of its own at first
    let unknown: TestProject; // the stranger's: nobody above is a member

    const person = async (username: string): Promise<Person> => ({ ...(await t.createUser(username)), name: username });

    before(async () => {
      t = await startTestApp(dialect);
      owner = await person('olivia');
      maintainer = await person('mario');
      developer = await person('dora');
      reporter = await person('remy');
      stranger = await person('stan');
      project = await createProject(t, owner.token, 'tokens-home');
      other = await createProject(t, owner.token, 'tokens-other');
      unknown = await createProject(t, stranger.token, 'tokens-unknown');
      for (const p of [project, other]) {
        await addMember(t, p.id, maintainer.id, 40);
        await addMember(t, p.id, developer.id, 30);
        await addMember(t, p.id, reporter.id, 20);
      }
    });
    after(() => t.close());

    describe('GET /projects/:id/access_tokens', () => {
      let filtered: TestProject;
      const made: Record<string, number> = {};

      before(async () => {
        // Five tokens made an hour apart, used at different times; then a day passes.
        filtered = await createProject(t, owner.token, 'tokens-filtered');
        const specs = [
          { key: 't1', name: 'alpha-deploy', scopes: ['api'], expires_at: '2026-12-10', access_level: 40 },
          { key: 't2', name: 'beta-ci', scopes: ['read_api'], access_level: 20 },
          { key: 't3', name: 'gamma-Deploy', scopes: ['read_repository'], expires_at: '2026-12-05', access_level: 30 },
          { key: 't4', name: 'delta', scopes: ['api'], expires_at: '2026-11-30', access_level: 30 },
          { key: 't5', name: 'epsilon', scopes: ['api'], expires_at: '2027-01-01', access_level: 30 },
        ];
        const plain: Record<string, string> = {};
        for (const [hour, { key, ...params }] of specs.entries()) {
          t.clock.set(`2026-11-29T${12 + hour}:00:00.000Z`);
          const created = await createProjectToken(t, filtered.id, params, owner.token);
          made[key] = created.id;
          plain[key] = created.token;
        }
        t.clock.set('2026-11-29T18:00:00.000Z');
        assert.equal((await t.api('GET', '/personal_access_tokens/self', { token: plain.t1 })).status, 200);
        t.clock.set('2026-11-29T20:00:00.000Z');
        assert.equal((await t.api('GET', '/personal_access_tokens/self', { token: plain.t3 })).status, 200);
        assert.equal((await t.api('DELETE', `/projects/${filtered.id}/access_tokens/${made.t5}`, { token: owner.token })).status, 204);
        t.clock.set('2026-11-30T12:00:00.000Z'); // t4 died at 00:00 today
      });
      after(() => t.clock.set(START));

      const list = (query = '') => t.api('GET', `/projects/${filtered.id}/access_tokens${query}`, { token: owner.token });
      const expect = (...keys: string[]) => keys.map((key) => made[key]);

      test('returns 200 with every token of the project, active and inactive, and pagination headers', async () => {
        const res = await list();
        assert.equal(res.status, 200);
        assert.deepEqual(ids(res), expect('t1', 't2', 't3', 't4', 't5'));
        assert.equal(res.headers['x-total'], '5');
        assert.equal(res.headers['x-page'], '1');
        assert.equal(res.headers['x-per-page'], '20');
        assert.equal(res.headers['x-next-page'], '');
        assert.match(String(res.headers.link), /rel="first"/);
      });

      test('exposes exactly the token entity fields, never the token itself', async () => {
        const res = await list();
        const t1 = res.body.find((token: { id: number }) => token.id === made.t1);
        assert.deepEqual(sortedKeys(t1), TOKEN_ENTITY_KEYS);
        assert.equal(t1.name, 'alpha-deploy');
        assert.deepEqual(t1.scopes, ['api']);
        assert.equal(t1.access_level, 40);
        assert.equal(t1.expires_at, '2026-12-10');
        assert.equal(t1.created_at, '2026-11-29T12:00:00.000Z');
        assert.equal(t1.last_used_at, '2026-11-29T18:00:00.000Z');
        assert.equal(t1.active, true);
        assert.equal(t1.revoked, false);
        assert.equal(t1.description, null);
        for (const token of res.body) assert.equal('token' in token, false);
        const t4 = res.body.find((token: { id: number }) => token.id === made.t4);
        assert.deepEqual([t4.active, t4.revoked], [false, false]);
        const t5 = res.body.find((token: { id: number }) => token.id === made.t5);
        assert.deepEqual([t5.active, t5.revoked], [false, true]);
      });

      test('state=active returns only tokens neither revoked nor expired; state=inactive the others', async () => {
        assert.deepEqual(ids(await list('?state=active')), expect('t1', 't2', 't3'));
        assert.deepEqual(ids(await list('?state=inactive')), expect('t4', 't5'));
      });

      test('revoked=true and revoked=false split on revocation alone', async () => {
        assert.deepEqual(ids(await list('?revoked=true')), expect('t5'));
        assert.deepEqual(ids(await list('?revoked=false')), expect('t1', 't2', 't3', 't4'));
      });

      test('search matches part of the name, case-insensitively, and combines with state', async () => {
        assert.deepEqual(ids(await list('?search=DEPLOY')), expect('t1', 't3'));
        assert.deepEqual(ids(await list('?search=deploy&state=inactive')), []);
        assert.deepEqual(ids(await list('?search=100%25')), []);
      });

      test('created_before and created_after include their bound', async () => {
        assert.deepEqual(ids(await list('?created_before=2026-11-29T13:00:00Z')), expect('t1', 't2'));
        assert.deepEqual(ids(await list('?created_after=2026-11-29T14:00:00Z')), expect('t3', 't4', 't5'));
        assert.deepEqual(ids(await list('?created_after=2026-11-29T13:00:00Z&created_before=2026-11-29T14:00:00Z')), expect('t2', 't3'));
      });

      test('last_used_before and last_used_after leave out tokens never used', async () => {
        assert.deepEqual(ids(await list('?last_used_before=2026-11-29T19:00:00Z')), expect('t1'));
        assert.deepEqual(ids(await list('?last_used_after=2026-11-29T19:00:00Z')), expect('t3'));
        assert.deepEqual(ids(await list('?last_used_after=2026-11-29T18:00:00Z')), expect('t1', 't3'));
      });

      test('expires_before excludes its date, expires_after includes it, and neither lists tokens without expiry', async () => {
        assert.deepEqual(ids(await list('?expires_before=2026-12-05')), expect('t4'));
        assert.deepEqual(ids(await list('?expires_after=2026-12-05')), expect('t1', 't3', 't5'));
      });

      test('sort orders by name, creation, expiry and last use; missing dates sort last ascending, first descending', async () => {
        assert.deepEqual(ids(await list('?sort=name_asc')), expect('t1', 't2', 't4', 't5', 't3'));
        assert.deepEqual(ids(await list('?sort=name_desc')), expect('t3', 't5', 't4', 't2', 't1'));
        assert.deepEqual(ids(await list('?sort=created_desc')), expect('t5', 't4', 't3', 't2', 't1'));
        assert.deepEqual(ids(await list('?sort=created_asc')), expect('t1', 't2', 't3', 't4', 't5'));
        assert.deepEqual(ids(await list('?sort=expires_asc')), expect('t4', 't3', 't1', 't5', 't2'));
        assert.deepEqual(ids(await list('?sort=expires_desc')), expect('t2', 't5', 't1', 't3', 't4'));
        assert.deepEqual(ids(await list('?sort=last_used_asc')), expect('t1', 't3', 't2', 't4', 't5'));
        assert.deepEqual(ids(await list('?sort=last_used_desc')), expect('t5', 't4', 't2', 't3', 't1'));
      });

      test('page and per_page paginate with X-Total, X-Page, X-Per-Page, X-Next-Page and Link', async () => {
        const res = await list('?per_page=2&page=2');
        assert.deepEqual(ids(res), expect('t3', 't4'));
        assert.equal(res.headers['x-total'], '5');
        assert.equal(res.headers['x-total-pages'], '3');
        assert.equal(res.headers['x-page'], '2');
        assert.equal(res.headers['x-per-page'], '2');
        assert.equal(res.headers['x-next-page'], '3');
        assert.equal(res.headers['x-prev-page'], '1');
        const link = String(res.headers.link);
        for (const [rel, page] of [['next', 3], ['prev', 1], ['first', 1], ['last', 3]] as const) {
          assert.match(link, new RegExp(`<[^>]*access_tokens\\?[^>]*page=${page}[^>]*>; rel="${rel}"`));
        }
        const last = await list('?per_page=2&page=3');
        assert.deepEqual(ids(last), expect('t5'));
        assert.equal(last.headers['x-next-page'], '');
      });

      test('an unknown filter value gets 400 with the parameter named', async () => {
        const res = await list('?state=sleeping');
        assert.equal(res.status, 400);
        assert.deepEqual(res.body, { error: 'state does not have a valid value' });
        assert.deepEqual((await list('?sort=newest')).body, { error: 'sort does not have a valid value' });
      });

      test('the project may be named by its URL-encoded path', async () => {
        const res = await t.api('GET', `/projects/${encodeURIComponent(filtered.path)}/access_tokens?state=active`, { token: owner.token });
        assert.equal(res.status, 200);
        assert.deepEqual(ids(res), expect('t1', 't2', 't3'));
      });
    });

    describe('GET /projects/:id/access_tokens permissions', () => {
      test('a Maintainer project access token lists the tokens of its own project', async () => {
        const mine = await createProjectToken(t, project.id, { name: 'lister', access_level: 40 });
        const second = await createProjectToken(t, project.id, { name: 'second', access_level: 20 });
        const res = await t.api('GET', `/projects/${project.id}/access_tokens`, { token: mine.token });
        assert.equal(res.status, 200);
        assert.ok(ids(res).includes(mine.id) && ids(res).includes(second.id));
      });

      test('does not return tokens of a different project', async () => {
        const foreign = await createProjectToken(t, other.id, { name: 'foreign' });
        const res = await t.api('GET', `/projects/${project.id}/access_tokens`, { token: maintainer.token });
        assert.equal(ids(res).includes(foreign.id), false);
      });

      test('returns an empty array for a project without tokens', async () => {
        const empty = await createProject(t, owner.token, 'tokens-empty');
        const res = await t.api('GET', `/projects/${empty.id}/access_tokens`, { token: owner.token });
        assert.equal(res.status, 200);
        assert.deepEqual(res.body, []);
        assert.equal(res.headers['x-total'], '0');
      });

      test('returns 404 Project Not Found for a private project the caller is not a member of, and for a missing one', async () => {
        for (const id of [unknown.id, 999999]) {
          const res = await t.api('GET', `/projects/${id}/access_tokens`, { token: maintainer.token });
          assert.equal(res.status, 404);
          assert.deepEqual(res.body, { message: '404 Project Not Found' });
        }
      });

      test('returns 401 {"message":"401 Unauthorized"} to a Developer and a Reporter', async () => {
        for (const who of [developer, reporter]) {
          const res = await t.api('GET', `/projects/${project.id}/access_tokens`, { token: who.token });
          assert.equal(res.status, 401);
          assert.deepEqual(res.body, UNAUTHORIZED);
        }
      });

      test('returns 404 when a token of project A lists or reads the tokens of private project B', async () => {
        const a = await createProjectToken(t, project.id, { name: 'from-a', access_level: 50 });
        const b = await createProjectToken(t, unknown.id, { name: 'in-b' });
        for (const path of [`/projects/${unknown.id}/access_tokens`, `/projects/${unknown.id}/access_tokens/${b.id}`]) {
          const res = await t.api('GET', path, { token: a.token });
          assert.equal(res.status, 404, path);
          assert.deepEqual(res.body, { message: '404 Project Not Found' });
        }
      });

      test('returns 401 when a token of project A lists the tokens of a public project B it can see', async () => {
        const publicProject = await createProject(t, stranger.token, 'tokens-public', 'public');
        const a = await createProjectToken(t, project.id, { name: 'peeker', access_level: 50 });
        const res = await t.api('GET', `/projects/${publicProject.id}/access_tokens`, { token: a.token });
        assert.equal(res.status, 401);
        assert.deepEqual(res.body, UNAUTHORIZED);
      });
    });

    describe('GET /projects/:id/access_tokens/:token_id', () => {
      let token: Awaited<ReturnType<typeof createProjectToken>>;
      before(async () => {
        token = await createProjectToken(t, project.id, { name: 'single', scopes: ['read_api', 'read_repository'], access_level: 30, expires_at: '2027-03-01' });
      });

      test('a Maintainer gets the token entity, without the token', async () => {
        const res = await t.api('GET', `/projects/${project.id}/access_tokens/${token.id}`, { token: maintainer.token });
        assert.equal(res.status, 200);
        assert.deepEqual(sortedKeys(res.body), TOKEN_ENTITY_KEYS);
        assert.deepEqual(
          { name: res.body.name, scopes: res.body.scopes, access_level: res.body.access_level, expires_at: res.body.expires_at, user_id: res.body.user_id },
          { name: 'single', scopes: ['read_api', 'read_repository'], access_level: 30, expires_at: '2027-03-01', user_id: token.userId },
        );
        assert.match(res.body.created_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      });

      test('a Maintainer project access token gets another token of its project', async () => {
        const bot = await createProjectToken(t, project.id, { name: 'reader-bot', access_level: 40 });
        const res = await t.api('GET', `/projects/${project.id}/access_tokens/${token.id}`, { token: bot.token });
        assert.equal(res.status, 200);
        assert.equal(res.body.name, 'single');
      });

      test('returns 404 "Could not find project access token with token_id: N" for a missing token', async () => {
        const res = await t.api('GET', `/projects/${project.id}/access_tokens/987654`, { token: maintainer.token });
        assert.equal(res.status, 404);
        assert.deepEqual(res.body, { message: '404 Could not find project access token with token_id: 987654 Not Found' });
      });

      test('returns 404 for a token that belongs to another project', async () => {
        const res = await t.api('GET', `/projects/${other.id}/access_tokens/${token.id}`, { token: maintainer.token });
        assert.equal(res.status, 404);
        assert.deepEqual(res.body, { message: `404 Could not find project access token with token_id: ${token.id} Not Found` });
      });

      test('returns 401 to a Developer', async () => {
        const res = await t.api('GET', `/projects/${project.id}/access_tokens/${token.id}`, { token: developer.token });
        assert.equal(res.status, 401);
        assert.deepEqual(res.body, UNAUTHORIZED);
      });
    });

    describe('POST /projects/:id/access_tokens', () => {
      const post = (body: unknown, token?: string, projectId = project.id) =>
        t.api('POST', `/projects/${projectId}/access_tokens`, { token: token ?? maintainer.token, body });

      test('returns 201 with the token and every param applied', async () => {
        const res = await post({ name: 'test', scopes: ['api'], expires_at: '2026-12-29', access_level: 20, description: 'deploys' });
        assert.equal(res.status, 201);
        assert.deepEqual(sortedKeys(res.body), [...TOKEN_ENTITY_KEYS, 'token'].sort());
        assert.equal(res.body.name, 'test');
        assert.deepEqual(res.body.scopes, ['api']);
        assert.equal(res.body.access_level, 20);
        assert.equal(res.body.expires_at, '2026-12-29');
        assert.equal(res.body.description, 'deploys');
        assert.equal(res.body.active, true);
        assert.match(res.body.token, /^glpat-[A-Za-z0-9_-]{20,}/);
        const me = await t.api('GET', '/user', { token: res.body.token });
        assert.equal(me.status, 200);
        assert.equal(me.body.id, res.body.user_id);
      });

      test('defaults access_level to 40 (Maintainer) and expires_at to none', async () => {
        const res = await post({ name: 'defaults', scopes: ['read_api'] });
        assert.equal(res.status, 201);
        assert.equal(res.body.access_level, 40);
        assert.equal(res.body.expires_at, null);
      });

      test('accepts form-encoded params with scopes[]', async () => {
        const res = await t.api('POST', `/projects/${project.id}/access_tokens`, {
          token: maintainer.token,
          body: 'name=formed&scopes[]=read_api&scopes[]=read_repository&access_level=30',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        assert.deepEqual(res.body.scopes, ['read_api', 'read_repository']);
        assert.equal(res.body.access_level, 30);
      });

      test('returns 400 "name is missing" and "scopes is missing"', async () => {
        assert.deepEqual(await post({ scopes: ['api'], expires_at: '2026-12-04' }).then((r) => [r.status, r.body]), [400, { error: 'name is missing' }]);
        assert.deepEqual(await post({ name: 'test', expires_at: '2026-12-04' }).then((r) => [r.status, r.body]), [400, { error: 'scopes is missing' }]);
      });

      test('returns 400 "scopes does not have a valid value" for an unknown scope', async () => {
        const res = await post({ name: 'test', scopes: ['test'], expires_at: '2026-12-04' });
        assert.equal(res.status, 400);
        assert.deepEqual(res.body, { error: 'scopes does not have a valid value' });
      });

      test('returns 400 "Scopes can only contain available scopes" for a scope project tokens cannot have', async () => {
        const res = await post({ name: 'test', scopes: ['api', 'read_user'] });
        assert.equal(res.status, 400);
        assert.deepEqual(res.body, bad('Scopes can only contain available scopes'));
      });

      test('returns 400 "access_level does not have a valid value" for no access and unknown levels', async () => {
        for (const level of [0, 35, 60, 'owner']) {
          const res = await post({ name: 'test', scopes: ['api'], access_level: level });
          assert.equal(res.status, 400);
          assert.deepEqual(res.body, { error: 'access_level does not have a valid value' });
        }
      });

      test('returns 404 Project Not Found for a project the caller is not a member of', async () => {
        const res = await post({ name: 'test', scopes: ['api'] }, maintainer.token, unknown.id);
        assert.equal(res.status, 404);
        assert.deepEqual(res.body, { message: '404 Project Not Found' });
      });

      test('returns 400 "User does not have permission to create project access token" to a Developer and a Reporter', async () => {
        for (const who of [developer, reporter]) {
          const res = await post({ name: 'test', scopes: ['api'], access_level: 10 }, who.token);
          assert.equal(res.status, 400);
          assert.deepEqual(res.body, bad('User does not have permission to create project access token'));
        }
      });

      test('returns 400 "User does not have permission to create project access token" when a project access token tries', async () => {
        const bot = await createProjectToken(t, project.id, { name: 'would-be-minter', access_level: 50, scopes: ['api'] });
        const res = await post({ name: 'child', scopes: ['read_api'], access_level: 10 }, bot.token);
        assert.equal(res.status, 400);
        assert.deepEqual(res.body, bad('User does not have permission to create project access token'));
      });

      test('returns 400 when a maintainer asks for owner level', async () => {
        const res = await post({ name: 'too-high', scopes: ['api'], access_level: 50 });
        assert.equal(res.status, 400);
        assert.deepEqual(res.body, bad('Access level of the token contains permissions not held by the creating user'));
      });

      test('an Owner may create an Owner-level token', async () => {
        const res = await post({ name: 'owner-level', scopes: ['api'], access_level: 50 }, owner.token);
        assert.equal(res.status, 201);
        assert.equal(res.body.access_level, 50);
      });

      test('returns 400 for an expiry date of today or earlier, saying the token would be expired on arrival', async () => {
        for (const date of ['2026-11-29', '2026-11-28', '2020-01-01']) {
          const res = await post({ name: 'dead', scopes: ['api'], expires_at: date });
          assert.equal(res.status, 400, date);
          assert.deepEqual(
            res.body,
            bad(`Expires at must be after 2026-11-29: a token stops working at 00:00 UTC on its expiry date, so one expiring on ${date} would be expired on arrival`),
          );
        }
        assert.equal((await post({ name: 'tomorrow', scopes: ['api'], expires_at: '2026-11-30' })).status, 201);
      });

      test('a token made to expire tomorrow works until 23:59:59.999 UTC today and is dead from 00:00 UTC tomorrow', async () => {
        const res = await post({ name: 'one-day', scopes: ['read_api'], expires_at: '2026-11-30' });
        assert.equal(res.status, 201);
        try {
          t.clock.set('2026-11-29T23:59:59.999Z');
          assert.equal((await t.api('GET', `/projects/${project.id}`, { token: res.body.token })).status, 200);
          t.clock.set('2026-11-30T00:00:00.000Z');
          const dead = await t.api('GET', `/projects/${project.id}`, { token: res.body.token });
          assert.equal(dead.status, 401);
          assert.deepEqual(dead.body, EXPIRED_BODY);
          const listed = await t.api('GET', `/projects/${project.id}/access_tokens/${res.body.id}`, { token: maintainer.token });
          assert.deepEqual([listed.body.active, listed.body.revoked], [false, false]);
        } finally {
          t.clock.set(START);
        }
      });

      test('returns 400 "expires_at is invalid" for a date that does not exist', async () => {
        const res = await post({ name: 'bad-date', scopes: ['api'], expires_at: '2027-02-30' });
        assert.equal(res.status, 400);
        assert.deepEqual(res.body, { error: 'expires_at is invalid' });
      });

      test('returns 400 for a name that is blank or too long', async () => {
        assert.deepEqual((await post({ name: '   ', scopes: ['api'] })).body, bad("Name can't be blank"));
        assert.deepEqual((await post({ name: 'x'.repeat(256), scopes: ['api'] })).body, { error: 'name is too long (maximum is 255 characters)' });
      });
    });

    describe('DELETE /projects/:id/access_tokens/:token_id', () => {
      test('a Maintainer revokes the token: 204, the token is revoked and stops working, its bot user is gone', async () => {
        const token = await createProjectToken(t, project.id, { name: 'doomed', access_level: 30 });
        const res = await t.api('DELETE', `/projects/${project.id}/access_tokens/${token.id}`, { token: maintainer.token });
        assert.equal(res.status, 204);
        assert.equal(res.body, null);
        const shown = await t.api('GET', `/projects/${project.id}/access_tokens/${token.id}`, { token: maintainer.token });
        assert.deepEqual([shown.body.revoked, shown.body.active], [true, false]);
        const used = await t.api('GET', '/user', { token: token.token });
        assert.equal(used.status, 401);
        assert.deepEqual(used.body, REVOKED_BODY);
        assert.equal((await t.api('GET', `/users/${token.userId}`)).status, 404);
      });

      test('a Maintainer project access token revokes another token of its project and keeps working', async () => {
        const revoker = await createProjectToken(t, project.id, { name: 'revoker', access_level: 40 });
        const victim = await createProjectToken(t, project.id, { name: 'victim', access_level: 40 });
        const res = await t.api('DELETE', `/projects/${project.id}/access_tokens/${victim.id}`, { token: revoker.token });
        assert.equal(res.status, 204);
        assert.equal((await t.api('GET', '/user', { token: victim.token })).status, 401);
        assert.equal((await t.api('GET', '/user', { token: revoker.token })).status, 200);
      });

      test('returns 404 for a missing token, a token of another project and an already revoked token', async () => {
        const foreign = await createProjectToken(t, other.id, { name: 'elsewhere' });
        const revoked = await createProjectToken(t, project.id, { name: 'twice' });
        assert.equal((await t.api('DELETE', `/projects/${project.id}/access_tokens/${revoked.id}`, { token: maintainer.token })).status, 204);
        for (const id of [876543, foreign.id, revoked.id]) {
          const res = await t.api('DELETE', `/projects/${project.id}/access_tokens/${id}`, { token: maintainer.token });
          assert.equal(res.status, 404);
          assert.deepEqual(res.body, { message: `404 Could not find project access token with token_id: ${id} Not Found` });
        }
        assert.equal((await t.api('GET', '/user', { token: foreign.token })).status, 200);
      });

      test('returns 400 "<user name> cannot delete <bot name>" to a Developer and a Reporter, and the bot stays', async () => {
        const token = await createProjectToken(t, project.id, { name: 'sturdy bot', access_level: 10 });
        for (const who of [developer, reporter]) {
          const res = await t.api('DELETE', `/projects/${project.id}/access_tokens/${token.id}`, { token: who.token });
          assert.equal(res.status, 400);
          assert.deepEqual(res.body, bad(`${who.name} cannot delete sturdy bot`));
        }
        assert.equal((await t.api('GET', `/users/${token.userId}`)).status, 200);
        assert.equal((await t.api('GET', '/user', { token: token.token })).status, 200);
      });

      test('returns 400 "<user name> cannot delete <bot name>" when a Maintainer revokes an Owner-level token', async () => {
        const token = await createProjectToken(t, project.id, { name: 'owner bot', access_level: 50 }, owner.token);
        const res = await t.api('DELETE', `/projects/${project.id}/access_tokens/${token.id}`, { token: maintainer.token });
        assert.equal(res.status, 400);
        assert.deepEqual(res.body, bad(`${maintainer.name} cannot delete owner bot`));
        assert.equal((await t.api('DELETE', `/projects/${project.id}/access_tokens/${token.id}`, { token: owner.token })).status, 204);
      });
    });

    describe('POST /projects/:id/access_tokens/:token_id/rotate', () => {
      const rotate = (tokenId: number, token: string, body?: unknown) =>
        t.api('POST', `/projects/${project.id}/access_tokens/${tokenId}/rotate`, { token, body });

      test('an Owner rotates: 200 with a new token for the same bot, expiring in one week; the old one is revoked', async () => {
        const old = await createProjectToken(t, project.id, { name: 'rotating', access_level: 40, expires_at: '2027-06-01', description: 'kept' });
        const res = await rotate(old.id, owner.token);
        assert.equal(res.status, 200);
        assert.deepEqual(sortedKeys(res.body), [...TOKEN_ENTITY_KEYS, 'token'].sort());
        assert.notEqual(res.body.token, old.token);
        assert.notEqual(res.body.id, old.id);
        assert.equal(res.body.expires_at, '2026-12-06');
        assert.deepEqual(
          [res.body.user_id, res.body.name, res.body.description, res.body.access_level, res.body.scopes],
          [old.userId, 'rotating', 'kept', 40, ['api']],
        );
        const me = await t.api('GET', '/user', { token: res.body.token });
        assert.equal(me.body.id, old.userId);
        const shown = await t.api('GET', `/projects/${project.id}/access_tokens/${old.id}`, { token: owner.token });
        assert.deepEqual([shown.body.revoked, shown.body.active], [true, false]);
        const previous = await t.app.deps.db
          .selectFrom('personal_access_tokens')
          .select('previous_personal_access_token_id as previous')
          .where('id', '=', res.body.id)
          .executeTakeFirstOrThrow();
        assert.equal(previous.previous, old.id);
        const member = await t.api('GET', `/projects/${project.id}/members/${old.userId}`);
        assert.equal(member.body.expires_at, '2026-12-06');
      });

      test('takes expires_at when given', async () => {
        const old = await createProjectToken(t, project.id, { name: 'rotating-dated' });
        const res = await rotate(old.id, owner.token, { expires_at: '2026-12-29' });
        assert.equal(res.status, 200);
        assert.equal(res.body.expires_at, '2026-12-29');
      });

      test('a Maintainer rotates a Maintainer-level token', async () => {
        const old = await createProjectToken(t, project.id, { name: 'maintained', access_level: 40 });
        const res = await rotate(old.id, maintainer.token);
        assert.equal(res.status, 200);
        assert.equal(res.body.expires_at, '2026-12-06');
      });

      test('returns 400 "Not eligible to rotate tokens with permissions not held by the user" when a Maintainer rotates an Owner-level token', async () => {
        const old = await createProjectToken(t, project.id, { name: 'owned', access_level: 50 }, owner.token);
        const res = await rotate(old.id, maintainer.token);
        assert.equal(res.status, 400);
        assert.deepEqual(res.body, { message: '400 Bad request - Not eligible to rotate tokens with permissions not held by the user' });
        assert.equal((await t.api('GET', '/user', { token: old.token })).status, 200);
      });

      test('returns 400 "Token already revoked" for a revoked or rotated-away token', async () => {
        const old = await createProjectToken(t, project.id, { name: 'spent' });
        assert.equal((await rotate(old.id, owner.token)).status, 200);
        const res = await rotate(old.id, owner.token);
        assert.equal(res.status, 400);
        assert.deepEqual(res.body, bad('Token already revoked'));
      });

      test('returns 401 to a Developer, whether or not the token exists; 404 to an admin for a missing token', async () => {
        const old = await createProjectToken(t, project.id, { name: 'guarded' });
        for (const id of [old.id, 765432]) {
          const res = await rotate(id, developer.token);
          assert.equal(res.status, 401);
          assert.deepEqual(res.body, UNAUTHORIZED);
        }
        const missing = await rotate(765432, t.rootToken);
        assert.equal(missing.status, 404);
        assert.deepEqual(missing.body, { message: '404 Could not find project access token with token_id: 765432 Not Found' });
      });

      test('returns 401 when a project access token with api scope and Owner role rotates another token', async () => {
        const bot = await createProjectToken(t, project.id, { name: 'rotator-bot', access_level: 50 });
        const target = await createProjectToken(t, project.id, { name: 'target' });
        const res = await rotate(target.id, bot.token);
        assert.equal(res.status, 401);
        assert.deepEqual(res.body, UNAUTHORIZED);
        assert.equal((await t.api('GET', '/user', { token: target.token })).status, 200);
      });

      test('caps the new expiry at one year from today: 9999-12-31 gets 400 "Expires at must be before 2027-11-30", 2027-11-29 is fine', async () => {
        const old = await createProjectToken(t, project.id, { name: 'rotate-forever' });
        for (const expires_at of ['9999-12-31', '2027-11-30']) {
          const res = await rotate(old.id, owner.token, { expires_at });
          assert.equal(res.status, 400, expires_at);
          assert.deepEqual(res.body, bad('Expires at must be before 2027-11-30'));
        }
        const listed = await t.api('GET', `/projects/${project.id}/access_tokens/${old.id}`, { token: owner.token });
        assert.equal(listed.body.active, true, 'a refused rotation leaves the token as it was');
        const res = await rotate(old.id, owner.token, { expires_at: '2027-11-29' });
        assert.equal(res.status, 200);
        assert.equal(res.body.expires_at, '2027-11-29');
      });

      test('returns 400 for a rotation date of today or earlier', async () => {
        const old = await createProjectToken(t, project.id, { name: 'rotate-bad-date' });
        const res = await rotate(old.id, owner.token, { expires_at: '2026-11-29' });
        assert.equal(res.status, 400);
        assert.match(res.body.message, /^400 Bad request - Expires at must be after 2026-11-29/);
        assert.equal((await t.api('GET', '/user', { token: old.token })).status, 200);
      });
    });

    describe('POST /projects/:id/access_tokens/self/rotate', () => {
      const selfRotate = (token: string, body?: unknown, projectId = project.id) =>
        t.api('POST', `/projects/${projectId}/access_tokens/self/rotate`, { token, body });

      test('a project access token rotates itself: 200, a new token expiring in one week, the old one revoked', async () => {
        const old = await createProjectToken(t, project.id, { name: 'self-rotator', access_level: 10, scopes: ['api'] });
        const res = await selfRotate(old.token);
        assert.equal(res.status, 200);
        assert.notEqual(res.body.token, old.token);
        assert.equal(res.body.expires_at, '2026-12-06');
        assert.equal(res.body.user_id, old.userId);
        assert.equal((await t.api('GET', '/user', { token: res.body.token })).status, 200);
        const shown = await t.api('GET', `/projects/${project.id}/access_tokens/${old.id}`, { token: owner.token });
        assert.deepEqual([shown.body.revoked, shown.body.active], [true, false]);
      });

      test('caps the new expiry at one year from today: 9999-12-31 gets 400 and the token keeps working', async () => {
        const old = await createProjectToken(t, project.id, { name: 'self-forever', scopes: ['self_rotate'] });
        const res = await selfRotate(old.token, { expires_at: '9999-12-31' });
        assert.equal(res.status, 400);
        assert.deepEqual(res.body, bad('Expires at must be before 2027-11-30'));
        const again = await selfRotate(old.token, { expires_at: '2027-11-29' });
        assert.equal(again.status, 200);
        assert.equal(again.body.expires_at, '2027-11-29');
      });

      test('takes expires_at when given', async () => {
        const old = await createProjectToken(t, project.id, { name: 'self-dated', scopes: ['self_rotate'] });
        const res = await selfRotate(old.token, { expires_at: '2026-12-29' });
        assert.equal(res.status, 200);
        assert.equal(res.body.expires_at, '2026-12-29');
        assert.deepEqual(res.body.scopes, ['self_rotate']);
      });

      test('succeeds with scope api or self_rotate, alone or beside another scope; any other scope gets 403 insufficient_scope', async () => {
        for (const scope of ['read_api', 'read_repository', 'write_repository', 'read_registry', 'write_registry']) {
          const alone = await createProjectToken(t, project.id, { name: `only-${scope}`, scopes: [scope] });
          const denied = await selfRotate(alone.token);
          assert.equal(denied.status, 403, scope);
          assert.deepEqual(denied.body, { error: 'insufficient_scope', error_description: INSUFFICIENT_SCOPE, scope: 'api self_rotate' });
          const paired = await createProjectToken(t, project.id, { name: `with-${scope}`, scopes: [scope, 'self_rotate'] });
          assert.equal((await selfRotate(paired.token)).status, 200, `${scope} + self_rotate`);
        }
      });

      test("returns 405 for a human's token, an admin's included", async () => {
        for (const token of [maintainer.token, t.rootToken]) {
          const res = await selfRotate(token);
          assert.equal(res.status, 405);
          assert.deepEqual(res.body, { message: '405 Method Not Allowed' });
        }
      });

      test('returns 401 for an unknown, a revoked and an expired token', async () => {
        assert.deepEqual((await selfRotate('glpat-not-a-real-token-at-all')).body, UNAUTHORIZED);
        const revoked = await createProjectToken(t, project.id, { name: 'self-revoked' });
        assert.equal((await t.api('DELETE', `/projects/${project.id}/access_tokens/${revoked.id}`, { token: owner.token })).status, 204);
        const afterRevoke = await selfRotate(revoked.token);
        assert.equal(afterRevoke.status, 401);
        assert.deepEqual(afterRevoke.body, REVOKED_BODY);
        const expiring = await createProjectToken(t, project.id, { name: 'self-expired', expires_at: '2026-11-30' });
        t.clock.set('2026-11-30T00:00:00.000Z');
        try {
          const expired = await selfRotate(expiring.token);
          assert.equal(expired.status, 401);
          assert.deepEqual(expired.body, EXPIRED_BODY);
        } finally {
          t.clock.set(START);
        }
      });

      // GitLab answers by what the bot can see: 404 where it cannot, 401 (not its project) where it
      // can. GitLab's bots see internal projects; Latchkey's never see another project's internal one.
      test('returns 404 on a private or internal project of another token and 401 on a public one', async () => {
        const mine = await createProjectToken(t, project.id, { name: 'wanderer' });
        const internal = await createProject(t, stranger.token, 'self-rotate-internal', 'internal');
        for (const hidden of [unknown, internal]) {
          const res = await selfRotate(mine.token, undefined, hidden.id);
          assert.equal(res.status, 404, hidden.path);
          assert.deepEqual(res.body, { message: '404 Project Not Found' });
        }
        const publicProject = await createProject(t, stranger.token, 'self-rotate-public', 'public');
        const publicRes = await selfRotate(mine.token, undefined, publicProject.id);
        assert.equal(publicRes.status, 401);
        assert.deepEqual(publicRes.body, UNAUTHORIZED);
        assert.equal((await t.api('GET', '/user', { token: mine.token })).status, 200);
      });
    });

    describe('reuse detection', () => {
      test('a rotated-away token presented to self/rotate gets 401 and revokes its whole rotation chain and its bot', async () => {
        const first = await createProjectToken(t, project.id, { name: 'leaky', access_level: 30 });
        const second = await t.api('POST', `/projects/${project.id}/access_tokens/self/rotate`, { token: first.token });
        const third = await t.api('POST', `/projects/${project.id}/access_tokens/self/rotate`, { token: second.body.token });
        assert.equal(third.status, 200);
        assert.equal((await t.api('GET', '/user', { token: third.body.token })).status, 200);

        const replay = await t.api('POST', `/projects/${project.id}/access_tokens/self/rotate`, { token: first.token });
        assert.equal(replay.status, 401);
        assert.deepEqual(replay.body, REVOKED_BODY);
        assert.deepEqual((await t.api('GET', '/user', { token: third.body.token })).body, REVOKED_BODY);
        for (const id of [first.id, second.body.id, third.body.id]) {
          const shown = await t.api('GET', `/projects/${project.id}/access_tokens/${id}`, { token: maintainer.token });
          assert.deepEqual([shown.body.revoked, shown.body.active], [true, false]);
        }
        assert.equal((await t.api('GET', `/users/${first.userId}`)).status, 404);
      });

      test('a rotated-away token used on any API route revokes its chain: the successor gets 401 "Token was revoked" too', async () => {
        const first = await createProjectToken(t, project.id, { name: 'leaky-api', access_level: 30 });
        const second = await t.api('POST', `/projects/${project.id}/access_tokens/${first.id}/rotate`, { token: owner.token });
        assert.equal((await t.api('GET', `/projects/${project.id}`, { token: second.body.token })).status, 200);
        const replay = await t.api('GET', `/projects/${project.id}/issues`, { token: first.token });
        assert.equal(replay.status, 401);
        assert.deepEqual(replay.body, REVOKED_BODY);
        assert.deepEqual((await t.api('GET', `/projects/${project.id}`, { token: second.body.token })).body, REVOKED_BODY);
        assert.equal((await t.api('GET', `/users/${first.userId}`)).status, 404);
      });

      test('a rotated-away token presented to /:token_id/rotate also revokes its chain', async () => {
        const first = await createProjectToken(t, project.id, { name: 'leaky-2', access_level: 40 });
        const second = await t.api('POST', `/projects/${project.id}/access_tokens/self/rotate`, { token: first.token });
        assert.equal(second.status, 200);
        const replay = await t.api('POST', `/projects/${project.id}/access_tokens/${second.body.id}/rotate`, { token: first.token });
        assert.equal(replay.status, 401);
        assert.deepEqual((await t.api('GET', '/user', { token: second.body.token })).body, REVOKED_BODY);
      });

      test('a revoked token that was never rotated revokes nothing else', async () => {
        const bystander = await createProjectToken(t, project.id, { name: 'bystander' });
        const revoked = await createProjectToken(t, project.id, { name: 'plain-revoked' });
        await t.api('DELETE', `/projects/${project.id}/access_tokens/${revoked.id}`, { token: owner.token });
        assert.equal((await t.api('POST', `/projects/${project.id}/access_tokens/self/rotate`, { token: revoked.token })).status, 401);
        assert.equal((await t.api('GET', '/user', { token: bystander.token })).status, 200);
      });
    });

    describe('GET and DELETE /personal_access_tokens/self with a project access token', () => {
      test('GET returns the token entity with last_used_ips and access_level, never the token', async () => {
        const token = await createProjectToken(t, project.id, { name: 'self-reader', scopes: ['read_repository'], access_level: 20 });
        await t.api('GET', '/personal_access_tokens/self', { token: token.token });
        const res = await t.api('GET', '/personal_access_tokens/self', { token: token.token });
        assert.equal(res.status, 200);
        assert.deepEqual(sortedKeys(res.body), [...TOKEN_ENTITY_KEYS, 'last_used_ips'].sort());
        assert.deepEqual([res.body.id, res.body.access_level, res.body.scopes], [token.id, 20, ['read_repository']]);
        assert.deepEqual(res.body.last_used_ips, ['127.0.0.1']);
        assert.equal(res.body.last_used_at, START);
      });

      test('DELETE revokes the token (204) and removes its bot user', async () => {
        const token = await createProjectToken(t, project.id, { name: 'self-deleter', scopes: ['read_api'] });
        const res = await t.api('DELETE', '/personal_access_tokens/self', { token: token.token });
        assert.equal(res.status, 204);
        assert.deepEqual((await t.api('GET', '/personal_access_tokens/self', { token: token.token })).body, REVOKED_BODY);
        assert.equal((await t.api('GET', `/users/${token.userId}`)).status, 404);
        const shown = await t.api('GET', `/projects/${project.id}/access_tokens/${token.id}`, { token: maintainer.token });
        assert.equal(shown.body.revoked, true);
      });
    });

    describe('instance expiry settings', () => {
      test('LATCHKEY_MAX_TOKEN_LIFETIME_DAYS: a missing date becomes the maximum, a later one is refused, rotation is capped and refuses a later date', async () => {
        const capped = await startTestApp(dialect, { LATCHKEY_MAX_TOKEN_LIFETIME_DAYS: '30' });
        try {
          const p = await createProject(capped, capped.rootToken, 'capped');
          const url = `/projects/${p.id}/access_tokens`;
          const missing = await capped.api('POST', url, { body: { name: 'default', scopes: ['api'] } });
          assert.equal(missing.status, 201);
          assert.equal(missing.body.expires_at, '2026-12-29');
          assert.equal((await capped.api('POST', url, { body: { name: 'max', scopes: ['api'], expires_at: '2026-12-29' } })).status, 201);
          const late = await capped.api('POST', url, { body: { name: 'late', scopes: ['api'], expires_at: '2026-12-30' } });
          assert.equal(late.status, 400);
          assert.deepEqual(late.body, bad('Expires at must be before 2026-12-30'));
          for (const expires_at of ['2026-12-30', '9999-12-31']) {
            const refused = await capped.api('POST', `${url}/${missing.body.id}/rotate`, { body: { expires_at } });
            assert.equal(refused.status, 400, expires_at);
            assert.deepEqual(refused.body, bad('Expires at must be before 2026-12-30'));
          }
          const rotated = await capped.api('POST', `${url}/${missing.body.id}/rotate`);
          assert.equal(rotated.body.expires_at, '2026-12-06');
          const selfRefused = await capped.api('POST', `/projects/${p.id}/access_tokens/self/rotate`, {
            token: rotated.body.token,
            body: { expires_at: '2026-12-30' },
          });
          assert.equal(selfRefused.status, 400);
          assert.deepEqual(selfRefused.body, bad('Expires at must be before 2026-12-30'));
          const selfRotated = await capped.api('POST', `/projects/${p.id}/access_tokens/self/rotate`, {
            token: rotated.body.token,
            body: { expires_at: '2026-12-29' },
          });
          assert.equal(selfRotated.body.expires_at, '2026-12-29');
        } finally {
          await capped.close();
        }
        const tight = await startTestApp(dialect, { LATCHKEY_MAX_TOKEN_LIFETIME_DAYS: '3' });
        try {
          const p = await createProject(tight, tight.rootToken, 'tight');
          const created = await tight.api('POST', `/projects/${p.id}/access_tokens`, { body: { name: 'short', scopes: ['api'] } });
          const rotated = await tight.api('POST', `/projects/${p.id}/access_tokens/${created.body.id}/rotate`);
          assert.equal(rotated.status, 200);
          assert.equal(rotated.body.expires_at, '2026-12-02');
        } finally {
          await tight.close();
        }
      });

      test('LATCHKEY_REQUIRE_TOKEN_EXPIRY: a token without a date is refused with GitLab\'s "400 Bad request - expires_at is missing"', async () => {
        const strict = await startTestApp(dialect, { LATCHKEY_REQUIRE_TOKEN_EXPIRY: 'true' });
        try {
          const p = await createProject(strict, strict.rootToken, 'strict');
          const url = `/projects/${p.id}/access_tokens`;
          const missing = await strict.api('POST', url, { body: { name: 'forever', scopes: ['api'] } });
          assert.equal(missing.status, 400);
          assert.deepEqual(missing.body, { message: '400 Bad request - expires_at is missing' });
          const dated = await strict.api('POST', url, { body: { name: 'dated', scopes: ['api'], expires_at: '2027-11-29' } });
          assert.equal(dated.status, 201);
          assert.equal(dated.body.expires_at, '2027-11-29');
        } finally {
          await strict.close();
        }
      });
    });
  });
}
