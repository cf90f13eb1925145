import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { addMember, createProject, type TestProject } from '../helpers/project-tokens.ts';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';

const level = (id: number, accessLevel: number, description: string) => ({
  id,
  access_level: accessLevel,
  access_level_description: description,
  deploy_key_id: null,
  user_id: null,
  group_id: null,
});

for (const dialect of DIALECTS) {
  describe(`protected branches and tags API (${dialect})`, () => {
    let f: GitFixture;
    let owner: { id: number; token: string };
    let developer: { id: number; token: string };
    let maintainer: { id: number; token: string };
    let project: TestProject;
    let p: string;

    before(async () => {
      f = await startGitFixture(dialect);
      owner = await f.t.createUser('prot-owner');
      developer = await f.t.createUser('prot-dev');
      maintainer = await f.t.createUser('prot-maintainer');
      project = await createProject(f.t, owner.token, 'guarded');
      p = `/projects/${project.id}`;
      await addMember(f.t, project.id, developer.id, 30);
      await addMember(f.t, project.id, maintainer.id, 40);
      const work = await f.seed(project.path);
      assert.equal((await f.cli.git(['push', '--quiet', 'origin', 'main:release/1.0', 'main:feature'], { cwd: work })).code, 0);
    });
    after(() => f.close());

    test("POST /projects creates the default branch's protection: Maintainers push and merge, no force push", async () => {
      const res = await f.t.api('GET', `${p}/protected_branches`, { token: owner.token });
      assert.equal(res.status, 200);
      assert.equal(res.headers['x-total'], '1');
      const [main] = res.body;
      assert.deepEqual(main, {
        id: main.id,
        name: 'main',
        push_access_levels: [level(main.id, 40, 'Maintainers')],
        merge_access_levels: [level(main.id, 40, 'Maintainers')],
        unprotect_access_levels: [],
        allow_force_push: false,
        code_owner_approval_required: false,
        inherited: false,
      });
    });

    test('POST /projects/:id/protected_branches protects a wildcard for Developers; the same name again is 409', async () => {
      const res = await f.t.api('POST', `${p}/protected_branches`, {
        token: maintainer.token,
        body: { name: 'release/*', push_access_level: 30, merge_access_level: '30', allow_force_push: 'true' },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.name, 'release/*');
      assert.deepEqual(res.body.push_access_levels, [level(res.body.id, 30, 'Developers + Maintainers')]);
      assert.equal(res.body.allow_force_push, true);
      const again = await f.t.api('POST', `${p}/protected_branches`, { token: maintainer.token, body: { name: 'release/*' } });
      assert.equal(again.status, 409);
      assert.deepEqual(again.body, { message: "Protected branch 'release/*' already exists" });
      const got = await f.t.api('GET', `${p}/protected_branches/${encodeURIComponent('release/*')}`, { token: maintainer.token });
      assert.equal(got.status, 200);
      assert.equal(got.body.id, res.body.id);
    });

    test('POST /projects/:id/protected_branches refuses a missing name and a level GitLab does not know with 400', async () => {
      const missing = await f.t.api('POST', `${p}/protected_branches`, { token: maintainer.token, body: {} });
      assert.deepEqual([missing.status, missing.body], [400, { error: 'name is missing' }]);
      const odd = await f.t.api('POST', `${p}/protected_branches`, { token: maintainer.token, body: { name: 'x', push_access_level: 20 } });
      assert.deepEqual([odd.status, odd.body], [400, { error: 'push_access_level does not have a valid value' }]);
    });

    test('a Developer may neither read nor change protected branches and tags (403)', async () => {
      for (const [method, path] of [
        ['GET', `${p}/protected_branches`],
        ['GET', `${p}/protected_branches/main`],
        ['POST', `${p}/protected_branches`],
        ['PATCH', `${p}/protected_branches/main`],
        ['DELETE', `${p}/protected_branches/main`],
        ['GET', `${p}/protected_tags`],
        ['POST', `${p}/protected_tags`],
      ] as const) {
        const res = await f.t.api(method, path, { token: developer.token, body: { name: 'sneaky' } });
        assert.deepEqual([res.status, res.body], [403, { message: '403 Forbidden' }], `${method} ${path}`);
      }
    });

    test('PATCH /projects/:id/protected_branches/:name allows force push; GET and DELETE of a missing rule are 404 Not found', async () => {
      const res = await f.t.api('PATCH', `${p}/protected_branches/main`, { token: maintainer.token, body: { allow_force_push: true } });
      assert.deepEqual([res.status, res.body.allow_force_push], [200, true]);
      for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
        const missing = await f.t.api(method, `${p}/protected_branches/nope`, { token: maintainer.token });
        assert.deepEqual([missing.status, missing.body], [404, { message: '404 Not found' }], method);
      }
      assert.equal((await f.t.api('PATCH', `${p}/protected_branches/main`, { token: maintainer.token, body: { allow_force_push: false } })).status, 200);
    });

    test('GET /projects/:id/repository/branches says which branches are protected and who can push, for the caller', async () => {
      const branches = async (token: string) =>
        Object.fromEntries(
          ((await f.t.api('GET', `${p}/repository/branches`, { token })).body as any[]).map((b) => [
            b.name,
            { protected: b.protected, developers_can_push: b.developers_can_push, developers_can_merge: b.developers_can_merge, can_push: b.can_push },
          ]),
        );
      assert.deepEqual(await branches(developer.token), {
        feature: { protected: false, developers_can_push: false, developers_can_merge: false, can_push: true },
        main: { protected: true, developers_can_push: false, developers_can_merge: false, can_push: false },
        'release/1.0': { protected: true, developers_can_push: true, developers_can_merge: true, can_push: true },
      });
      assert.equal((await branches(maintainer.token)).main!.can_push, true);
    });

    test('DELETE /projects/:id/protected_branches/:name unprotects: 204, then the branch is plain again', async () => {
      const res = await f.t.api('DELETE', `${p}/protected_branches/${encodeURIComponent('release/*')}`, { token: maintainer.token });
      assert.equal(res.status, 204);
      const branch = await f.t.api('GET', `${p}/repository/branches/${encodeURIComponent('release/1.0')}`, { token: developer.token });
      assert.equal(branch.body.protected, false);
    });

    test('POST, GET and DELETE /projects/:id/protected_tags', async () => {
      const created = await f.t.api('POST', `${p}/protected_tags`, { token: maintainer.token, body: { name: 'v*', create_access_level: 30 } });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.deepEqual(created.body, { name: 'v*', create_access_levels: [level(created.body.create_access_levels[0].id, 30, 'Developers + Maintainers')] });
      const again = await f.t.api('POST', `${p}/protected_tags`, { token: maintainer.token, body: { name: 'v*' } });
      assert.deepEqual([again.status, again.body], [422, { message: ['Name has already been taken'] }]);
      const listed = await f.t.api('GET', `${p}/protected_tags`, { token: maintainer.token });
      assert.deepEqual(listed.body.map((tag: { name: string }) => tag.name), ['v*']);
      assert.equal((await f.t.api('GET', `${p}/protected_tags/${encodeURIComponent('v*')}`, { token: maintainer.token })).status, 200);
      assert.equal((await f.t.api('DELETE', `${p}/protected_tags/${encodeURIComponent('v*')}`, { token: maintainer.token })).status, 204);
      const gone = await f.t.api('GET', `${p}/protected_tags/${encodeURIComponent('v*')}`, { token: maintainer.token });
      assert.deepEqual([gone.status, gone.body], [404, { message: '404 Not found' }]);
    });
  });
}
