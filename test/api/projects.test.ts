import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { repositoryPath } from '../../src/git/repository-path.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const NOT_FOUND = { message: '404 Project Not Found' };

for (const dialect of DIALECTS) {
  describe(`projects API (${dialect})`, () => {
    let t: TestApp;
    let alice: { id: number; token: string };
    let bob: { id: number; token: string };
    let bot: string;
    const ids: Record<'priv' | 'internal' | 'pub', number> = { priv: 0, internal: 0, pub: 0 };

    before(async () => {
      t = await startTestApp(dialect);
      alice = await t.createUser('alice');
      bob = await t.createUser('bob');
      for (const [key, visibility] of [['priv', 'private'], ['internal', 'internal'], ['pub', 'public']] as const) {
        const res = await t.api('POST', '/projects', { token: alice.token, body: { name: `Alice ${key}`, visibility } });
        assert.equal(res.status, 201);
        ids[key] = res.body.id;
      }
      // A bot of another project (bob's) with an api token.
      const other = await t.api('POST', '/projects', { token: bob.token, body: { name: 'bobs' } });
      const token = await t.api('POST', `/projects/${other.body.id}/access_tokens`, {
        token: bob.token,
        body: { name: 'ci', scopes: ['api'], access_level: 30 },
      });
      assert.equal(token.status, 201, JSON.stringify(token.body));
      bot = token.body.token;
    });
    after(() => t.close());

    test('POST /projects returns 201, makes the creator Owner and a bare repository at the hashed path', async () => {
      const res = await t.api('POST', '/projects', {
        token: alice.token,
        body: { name: 'My Demo', description: 'a demo', default_branch: 'trunk' },
      });
      assert.equal(res.status, 201);
      assert.equal(res.body.name, 'My Demo');
      assert.equal(res.body.path, 'my-demo');
      assert.equal(res.body.path_with_namespace, 'alice/my-demo');
      assert.equal(res.body.name_with_namespace, 'alice / My Demo');
      assert.equal(res.body.visibility, 'private');
      assert.equal(res.body.default_branch, 'trunk');
      assert.equal(res.body.description, 'a demo');
      assert.equal(res.body.creator_id, alice.id);
      assert.equal(res.body.web_url, 'http://127.0.0.1:8080/alice/my-demo');
      assert.equal(res.body.http_url_to_repo, 'http://127.0.0.1:8080/alice/my-demo.git');
      assert.equal(res.body.namespace.path, 'alice');

      const member = await t.api('GET', `/projects/${res.body.id}/members/${alice.id}`, { token: alice.token });
      assert.equal(member.status, 200);
      assert.equal(member.body.access_level, 50);

      const hash = createHash('sha256').update(String(res.body.id)).digest('hex');
      const dir = path.join(t.config.dataDir, 'repositories', '@hashed', hash.slice(0, 2), hash.slice(2, 4), `${hash}.git`);
      assert.equal(repositoryPath(t.config.dataDir, res.body.id), dir);
      assert.equal(readFileSync(path.join(dir, 'HEAD'), 'utf8').trim(), 'ref: refs/heads/trunk');
      assert.equal(readFileSync(path.join(dir, 'config'), 'utf8').includes('bare = true'), true);
      assert.ok(existsSync(path.join(dir, 'objects')));
    });

    test('POST /projects with initialize_with_readme commits README.md on the default branch, as GitLab does', async () => {
      const res = await t.api('POST', '/projects', {
        token: alice.token,
        body: { name: 'Readme Demo', description: 'Tools for bots.', default_branch: 'trunk', initialize_with_readme: true },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.empty_repo, false);
      assert.equal(res.body.default_branch, 'trunk');
      const id = res.body.id;
      const readme = await t.api('GET', `/projects/${id}/repository/files/README.md/raw?ref=trunk`, { token: alice.token });
      assert.equal(readme.status, 200);
      assert.equal(readme.body, '# Readme Demo\n\nTools for bots.');
      const commit = await t.api('GET', `/projects/${id}/repository/commits/trunk`, { token: alice.token });
      assert.equal(commit.body.title, 'Initial commit');
      assert.equal(commit.body.author_name, (await t.api('GET', '/user', { token: alice.token })).body.name);
      assert.deepEqual(commit.body.parent_ids, []);
      // The branch is there to build on, still protected as a new project's default branch is.
      const branch = await t.api('GET', `/projects/${id}/repository/branches/trunk`, { token: alice.token });
      assert.equal(branch.body.protected, true);
      const created = await t.api('POST', `/projects/${id}/repository/branches`, { token: alice.token, body: { branch: 'feature', ref: 'trunk' } });
      assert.equal(created.status, 201);
      const events = await t.api('GET', `/projects/${id}/events`, { token: alice.token });
      assert.ok(events.body.some((event: { action_name: string; push_data?: { ref: string } }) => event.action_name === 'pushed new' && event.push_data?.ref === 'trunk'));
      // Read again on a later request: the answer agrees.
      assert.equal((await t.api('GET', `/projects/${id}`, { token: alice.token })).body.empty_repo, false);
      // Without it (false, or not given), the repository stays empty.
      const bare = await t.api('POST', '/projects', { token: alice.token, body: { name: 'No Readme', initialize_with_readme: false } });
      assert.equal(bare.body.empty_repo, true);
    });

    test('POST /projects with initialize_with_readme whose README would hold an active token is refused, and leaves no project', async () => {
      const leaky = { name: 'Leaky', description: `deploy with ${alice.token}`, initialize_with_readme: true };
      const res = await t.api('POST', '/projects', { token: alice.token, body: leaky });
      assert.equal(res.status, 400);
      assert.match(res.body.message, /found an active access token .* in README\.md/);
      assert.ok(!JSON.stringify(res.body).includes(alice.token), 'the refusal names the token, never its text');
      assert.equal((await t.api('GET', `/projects/${encodeURIComponent('alice/leaky')}`, { token: alice.token })).status, 404);
      const again = await t.api('POST', '/projects', { token: alice.token, body: { name: 'Leaky' } });
      assert.equal(again.status, 201, 'the path is free again');
    });

    test('POST /projects accepts a path and returns 400 when the path is taken', async () => {
      const first = await t.api('POST', '/projects', { token: alice.token, body: { name: 'Taken', path: 'taken-path' } });
      assert.equal(first.status, 201);
      assert.equal(first.body.path, 'taken-path');
      const again = await t.api('POST', '/projects', { token: alice.token, body: { name: 'Other', path: 'Taken-Path' } });
      assert.equal(again.status, 400);
      assert.deepEqual(again.body.message.path, ['has already been taken']);
    });

    test('POST /projects returns 400 "name is missing" without name or path', async () => {
      const res = await t.api('POST', '/projects', { token: alice.token, body: { description: 'x' } });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, { error: 'name is missing' });
    });

    test('POST /projects returns 400 field errors for a name with no usable path and for a bad default branch', async () => {
      const blank = await t.api('POST', '/projects', { token: alice.token, body: { name: '!!!' } });
      assert.equal(blank.status, 400);
      assert.deepEqual(blank.body, { message: { path: ["Path can't be blank"] } });
      const branch = await t.api('POST', '/projects', { token: alice.token, body: { name: 'branchy', default_branch: '-x' } });
      assert.equal(branch.status, 400);
      assert.deepEqual(branch.body, { message: { default_branch: ['Default branch is invalid'] } });
    });

    test('POST /projects returns 403 to a project bot', async () => {
      const res = await t.api('POST', '/projects', { token: bot, body: { name: 'botproject' } });
      assert.equal(res.status, 403);
      assert.deepEqual(res.body, { message: '403 Forbidden' });
    });

    test('GET /projects/:id finds a project by number (leading zeros too) and by URL-encoded path, case-insensitively', async () => {
      const byId = await t.api('GET', `/projects/${ids.priv}`, { token: alice.token });
      assert.equal(byId.status, 200);
      assert.equal(byId.body.path_with_namespace, 'alice/alice-priv');
      assert.equal(byId.body.permissions.project_access.access_level, 50);
      for (const ref of ['alice%2Falice-priv', 'alice%2fALICE-PRIV', `${'0'.repeat(20)}${ids.priv}`]) {
        const byPath = await t.api('GET', `/projects/${ref}`, { token: alice.token });
        assert.equal(byPath.status, 200, ref);
        assert.equal(byPath.body.id, ids.priv);
      }
    });

    test('GET /projects/:id returns 404 for unknown ids and paths, ids no column holds, empty segments, trailing slashes, dot segments and a path encoded twice', async () => {
      const path = 'alice%2Falice-priv';
      for (const ref of ['999999', '2147483648', '1234567890123456', '99999999999999999999', '0', '-1', 'alice%2Fnope', 'nope', 'alice%2F', '%2Falice-priv', `${path}%2F`, 'alice%2F%2Falice-priv', 'alice%2Falice-priv%2Fextra', 'alice%2F..', 'alice%252Falice-priv', `alice%2F${'a'.repeat(600)}`]) {
        const res = await t.api('GET', `/projects/${ref}`);
        assert.equal(res.status, 404, ref);
        assert.deepEqual(res.body, NOT_FOUND, ref);
      }
    });

    test('GET /projects/:id of a private project is 404 to a non-member, a bot and anonymous, 200 to admin', async () => {
      for (const token of [bob.token, bot, null]) {
        const res = await t.api('GET', `/projects/${ids.priv}`, { token });
        assert.equal(res.status, 404);
        assert.deepEqual(res.body, NOT_FOUND);
      }
      assert.equal((await t.api('GET', `/projects/alice%2Falice-priv`, { token: null })).status, 404);
      assert.equal((await t.api('GET', `/projects/${ids.priv}`)).status, 200);
    });

    test('GET /projects/:id of an internal project is 200 to a signed-in human, 404 to anonymous and to another project\'s bot', async () => {
      assert.equal((await t.api('GET', `/projects/${ids.internal}`, { token: bob.token })).status, 200);
      for (const token of [null, bot]) {
        const res = await t.api('GET', `/projects/${ids.internal}`, { token });
        assert.equal(res.status, 404);
        assert.deepEqual(res.body, NOT_FOUND);
      }
    });

    test('GET /projects/:id of a public project is 200 to anonymous, with no permissions', async () => {
      const res = await t.api('GET', `/projects/${ids.pub}`, { token: null });
      assert.equal(res.status, 200);
      assert.equal(res.body.visibility, 'public');
      assert.equal(res.body.permissions.project_access, null);
    });

    test('GET /projects lists only what the caller may see', async () => {
      const names = async (token: string | null, query = '') =>
        ((await t.api('GET', `/projects${query}`, { token })).body as { path_with_namespace: string }[])
          .map((p) => p.path_with_namespace)
          .filter((p) => p.startsWith('alice/alice-'))
          .sort();
      assert.deepEqual(await names(null), ['alice/alice-pub']);
      assert.deepEqual(await names(bot), ['alice/alice-pub']);
      assert.deepEqual(await names(bob.token), ['alice/alice-internal', 'alice/alice-pub']);
      assert.deepEqual(await names(alice.token), ['alice/alice-internal', 'alice/alice-priv', 'alice/alice-pub']);
      assert.deepEqual(await names(t.rootToken), ['alice/alice-internal', 'alice/alice-priv', 'alice/alice-pub']);
    });

    test('GET /projects filters by membership, owned, visibility and search', async () => {
      const paths = async (token: string, query: string) => {
        const res = await t.api('GET', `/projects${query}`, { token });
        assert.equal(res.status, 200, query);
        return (res.body as { path_with_namespace: string }[]).map((p) => p.path_with_namespace).sort();
      };
      assert.deepEqual(await paths(bob.token, '?membership=true'), ['bob/bobs']);
      assert.deepEqual(await paths(bob.token, '?owned=true'), ['bob/bobs']);
      assert.deepEqual(await paths(t.rootToken, '?membership=true'), []);
      assert.deepEqual(await paths(alice.token, '?visibility=internal'), ['alice/alice-internal']);
      assert.deepEqual(await paths(alice.token, '?search=PRIV'), ['alice/alice-priv']);
      assert.deepEqual(await paths(alice.token, '?search=alice-p&order_by=name&sort=asc'), ['alice/alice-priv', 'alice/alice-pub']);
    });

    test('GET /projects paginates with X-Total and Link', async () => {
      const res = await t.api('GET', '/projects?per_page=1&order_by=id&sort=asc', { token: alice.token });
      assert.equal(res.status, 200);
      assert.equal(res.body.length, 1);
      assert.equal(res.headers['x-per-page'], '1');
      assert.equal(res.headers['x-next-page'], '2');
      assert.ok(Number(res.headers['x-total']) >= 3);
      assert.match(String(res.headers.link), /page=2>; rel="next"/);
    });

    test('GET /projects returns 400 for an unknown order_by or visibility', async () => {
      const order = await t.api('GET', '/projects?order_by=secret');
      assert.equal(order.status, 400);
      assert.deepEqual(order.body, { error: 'order_by does not have a valid value' });
      const visibility = await t.api('GET', '/projects?visibility=secret');
      assert.deepEqual(visibility.body, { error: 'visibility does not have a valid value' });
    });

    test('PUT /projects/:id updates name, description and visibility for the owner', async () => {
      const created = await t.api('POST', '/projects', { token: alice.token, body: { name: 'editable' } });
      const res = await t.api('PUT', `/projects/${created.body.id}`, {
        token: alice.token,
        body: { name: 'Edited', description: 'now described', visibility: 'public' },
      });
      assert.equal(res.status, 200);
      assert.equal(res.body.name, 'Edited');
      assert.equal(res.body.path, 'editable');
      assert.equal(res.body.description, 'now described');
      assert.equal(res.body.visibility, 'public');
      assert.equal((await t.api('GET', `/projects/${created.body.id}`, { token: null })).body.name, 'Edited');
    });

    test('PUT /projects/:id lets a maintainer rename and describe, but returns 403 when they change visibility or path', async () => {
      const created = await t.api('POST', '/projects', { token: alice.token, body: { name: 'maintained' } });
      const id = created.body.id;
      await t.api('POST', `/projects/${id}/members`, { token: alice.token, body: { user_id: bob.id, access_level: 40 } });
      const renamed = await t.api('PUT', `/projects/${id}`, { token: bob.token, body: { name: 'Maintained well', description: 'by bob' } });
      assert.equal(renamed.status, 200);
      assert.equal(renamed.body.name, 'Maintained well');
      const same = await t.api('PUT', `/projects/${id}`, { token: bob.token, body: { visibility: 'private', path: 'maintained' } });
      assert.equal(same.status, 200, 'repeating the current values is no change');
      for (const body of [{ visibility: 'public' }, { path: 'moved' }]) {
        const res = await t.api('PUT', `/projects/${id}`, { token: bob.token, body });
        assert.equal(res.status, 403, JSON.stringify(body));
        assert.deepEqual(res.body, { message: '403 Forbidden' });
      }
      const after = await t.api('GET', `/projects/${id}`, { token: alice.token });
      assert.equal(after.body.visibility, 'private');
      assert.equal(after.body.path, 'maintained');
    });

    test('PUT /projects/:id returns 400 for an invalid default branch or path', async () => {
      const branch = await t.api('PUT', `/projects/${ids.pub}`, { token: alice.token, body: { default_branch: '-x' } });
      assert.equal(branch.status, 400);
      assert.deepEqual(branch.body, { message: { default_branch: ['Default branch is invalid'] } });
      const badPath = await t.api('PUT', `/projects/${ids.pub}`, { token: alice.token, body: { path: 'a b' } });
      assert.equal(badPath.status, 400);
      assert.ok(Array.isArray(badPath.body.message.path));
    });

    test('PUT /projects/:id returns 403 to a signed-in non-member of a public project, 404 of a private one', async () => {
      const pub = await t.api('PUT', `/projects/${ids.pub}`, { token: bob.token, body: { name: 'hijack' } });
      assert.equal(pub.status, 403);
      assert.deepEqual(pub.body, { message: '403 Forbidden' });
      const priv = await t.api('PUT', `/projects/${ids.priv}`, { token: bob.token, body: { name: 'hijack' } });
      assert.equal(priv.status, 404);
      assert.deepEqual(priv.body, NOT_FOUND);
    });

    test('DELETE /projects/:id returns 403 to a maintainer', async () => {
      const created = await t.api('POST', '/projects', { token: alice.token, body: { name: 'kept' } });
      await t.api('POST', `/projects/${created.body.id}/members`, { token: alice.token, body: { user_id: bob.id, access_level: 40 } });
      const res = await t.api('DELETE', `/projects/${created.body.id}`, { token: bob.token });
      assert.equal(res.status, 403);
      assert.deepEqual(res.body, { message: '403 Forbidden' });
      assert.ok(existsSync(repositoryPath(t.config.dataDir, created.body.id)));
    });

    test('DELETE /projects/:id by the owner returns 202, then the project is 404 and its repository gone', async () => {
      const created = await t.api('POST', '/projects', { token: alice.token, body: { name: 'doomed' } });
      const id = created.body.id;
      await t.api('POST', `/projects/${id}/issues`, { token: alice.token, body: { title: 'an issue' } });
      const dir = repositoryPath(t.config.dataDir, id);
      assert.ok(existsSync(dir));
      const res = await t.api('DELETE', `/projects/${id}`, { token: alice.token });
      assert.equal(res.status, 202);
      assert.deepEqual(res.body, { message: '202 Accepted' });
      assert.equal((await t.api('GET', `/projects/${id}`)).status, 404);
      assert.equal(existsSync(dir), false);
      const again = await t.api('POST', '/projects', { token: alice.token, body: { name: 'doomed' } });
      assert.equal(again.status, 201, 'the path is free again');
    });
  });
}
