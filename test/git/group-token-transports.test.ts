import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { basic, grantedAccess, jwtAuth } from '../registry/registry-helpers.ts';
import { httpUrl, sshUrl } from './git-cli.ts';
import { startGitFixture, type GitFixture } from './git-fixture.ts';

// A group access token's bot reaches every project of its group and of its subgroups through
// inheritance, on every transport (the API, git over HTTP and SSH with the real git, the registry's
// /jwt/auth), and nothing else: not a project outside the group, nor one transferred out of it.

type Project = { id: number; path_with_namespace: string };

for (const dialect of DIALECTS) {
  describe(`a group access token on every transport (${dialect})`, () => {
    let f: GitFixture;
    let token: string;
    let inGroup: Project;
    let inSub: Project;
    let outside: Project;
    let moving: Project;

    const post = async (url: string, body: unknown) => {
      const res = await f.t.api('POST', url, { body });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    };

    /** Whether the token gets `project` over each transport. */
    const reach = async (project: Project) => {
      const path = project.path_with_namespace;
      const api = (await f.t.api('GET', `/projects/${project.id}`, { token })).status === 200;
      const http = await f.cli.git(['ls-remote', httpUrl(f.baseUrl, path, token)]);
      const ssh = await f.cli.git(['ls-remote', sshUrl(f.ssh.port, path)], { env: f.cli.sshEnv(f.ssh.port, { password: token }) });
      const jwt = await jwtAuth(f.t, [`repository:${path}:pull`], basic(token));
      assert.equal(jwt.status, 200, `registry /jwt/auth for ${path}`);
      const access = await grantedAccess(f.t, jwt);
      return { api, git_http: http.code === 0, ssh: ssh.code === 0, registry: access.length === 1 && access[0]!.actions.includes('pull') };
    };
    const everywhere = { api: true, git_http: true, ssh: true, registry: true };
    const nowhere = { api: false, git_http: false, ssh: false, registry: false };

    before(async () => {
      f = await startGitFixture(dialect, { LATCHKEY_REGISTRY_URL: 'http://127.0.0.1:5000' });
      const group = await post('/groups', { name: 'Platform', path: 'platform' });
      const sub = await post('/groups', { name: 'Libs', path: 'libs', parent_id: group.id });
      inGroup = await post('/projects', { name: 'app', namespace_id: group.id });
      inSub = await post('/projects', { name: 'util', namespace_id: sub.id });
      moving = await post('/projects', { name: 'moving', namespace_id: group.id });
      outside = await post('/projects', { name: 'elsewhere' });
      for (const project of [inGroup, inSub, moving, outside]) await f.seed(project.path_with_namespace);
      const made = await post(`/groups/${group.id}/access_tokens`, { name: 'ci', scopes: ['api', 'read_repository', 'read_registry'], access_level: 30 });
      token = made.token;
    });
    after(() => f.close());

    test('it reaches a project of the group and one of a subgroup on the API, git HTTP, SSH and the registry', async () => {
      assert.deepEqual(await reach(inGroup), everywhere);
      assert.deepEqual(await reach(inSub), everywhere);
    });

    test('it reaches no project outside the group, on any transport', async () => {
      assert.deepEqual(await reach(outside), nowhere);
    });

    test('a project transferred out of the group is out of reach at once, on every transport', async () => {
      assert.deepEqual(await reach(moving), everywhere);
      const moved = await f.t.api('PUT', `/projects/${moving.id}/transfer`, { body: { namespace: 'root' } });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      assert.deepEqual(await reach({ id: moving.id, path_with_namespace: moved.body.path_with_namespace }), nowhere);
    });
  });
}
