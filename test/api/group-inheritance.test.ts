import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { httpUrl, sshUrl, type CliResult } from '../git/git-cli.ts';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';
import { basic, grantedAccess, jwtAuth } from '../registry/registry-helpers.ts';

/**
 * Inheritance on every transport: a user's level on a project is the highest of their direct
 * membership and their memberships of the project's group and every ancestor group. The matrix:
 * membership at the top group, the subgroup or the project × Guest…Maintainer, then the API
 * (read a private project), git clone (Reporter+) and git push (Developer+) over HTTP and SSH,
 * with the real git and OpenSSH clients, the registry's /jwt/auth (Reporter+ pulls, Developer+
 * pushes `top/sub/app` and `top/sub/app/image`); and a project moved out of the group, whose inherited
 * members lose it on the very next request.
 */
const LEVELS = [10, 20, 30, 40] as const;
const SOURCES = ['group', 'subgroup', 'project'] as const;
const NAMES: Record<number, string> = { 10: 'Guest', 20: 'Reporter', 30: 'Developer', 40: 'Maintainer' };

type User = { id: number; token: string };

function assertGit(result: CliResult, allowed: boolean, label: string): void {
  if (allowed) assert.equal(result.code, 0, `${label} should succeed:\n${result.stderr}`);
  else assert.notEqual(result.code, 0, `${label} should be refused`);
}

async function inPool<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: size }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await run(item);
    }),
  );
}

for (const dialect of DIALECTS) {
  describe(`group membership inheritance on the API and git (${dialect})`, () => {
    let f: GitFixture;
    let top: { id: number; full_path: string };
    let sub: { id: number; full_path: string };
    let project: { id: number; path_with_namespace: string };
    let source: string;
    let branch = 0;
    const users = new Map<string, User>();
    let userCount = 0;

    const api = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, token?: string | null, body?: unknown) => f.t.api(method, url, { token, body });
    const newUser = async () => f.t.createUser(`member${++userCount}`);

    before(async () => {
      f = await startGitFixture(dialect, { LATCHKEY_REGISTRY_URL: 'http://127.0.0.1:5000' });
      top = (await api('POST', '/groups', undefined, { name: 'Top', path: 'top' })).body;
      sub = (await api('POST', '/groups', undefined, { name: 'Sub', path: 'sub', parent_id: top.id })).body;
      const created = await api('POST', '/projects', undefined, { name: 'app', namespace_id: sub.id });
      assert.equal(created.status, 201);
      project = created.body;
      assert.equal(project.path_with_namespace, 'top/sub/app');
      source = await f.seed(project.path_with_namespace);
      for (const where of SOURCES) {
        for (const level of LEVELS) {
          const user = await newUser();
          const url = where === 'group' ? `/groups/${top.id}/members` : where === 'subgroup' ? `/groups/${sub.id}/members` : `/projects/${project.id}/members`;
          const added = await api('POST', url, undefined, { user_id: user.id, access_level: level });
          assert.equal(added.status, 201, JSON.stringify(added.body));
          users.set(`${where}/${level}`, user);
        }
      }
    });
    after(() => f.close());

    test('an outsider sees neither the private groups nor the project (404), and git cannot find it', async () => {
      const outsider = await newUser();
      assert.equal((await api('GET', `/projects/${project.id}`, outsider.token)).status, 404);
      assert.equal((await api('GET', `/groups/${sub.id}`, outsider.token)).status, 404);
      const clone = await f.cli.git(['clone', '--quiet', httpUrl(f.baseUrl, project.path_with_namespace, outsider.token), f.cli.dir('clone')]);
      assert.equal(clone.code, 128);
      assert.match(clone.stderr, /could not be found/);
    });

    for (const where of SOURCES) {
      test(`a member of the ${where}: every role reads the project on the API, with its level in permissions and members/all`, async () => {
        for (const level of LEVELS) {
          const user = users.get(`${where}/${level}`)!;
          const res = await api('GET', `/projects/${project.id}`, user.token);
          assert.equal(res.status, 200, `${where} ${NAMES[level]}`);
          const listed = await api('GET', '/projects?membership=true', user.token);
          assert.deepEqual(listed.body.map((p: { id: number }) => p.id), [project.id], `${where} ${NAMES[level]} lists it`);
          const member = await api('GET', `/projects/${project.id}/members/all/${user.id}`, user.token);
          assert.equal(member.body.access_level, level);
          // gclients: GitLab's min_access_level (Renovate's autodiscover asks for 30) counts the inherited role.
          const ids = (res: { body: { id: number }[] }) => res.body.map((p) => p.id);
          const writable = level >= 30 ? [project.id] : [];
          const developerUp = await api('GET', '/projects?membership=true&min_access_level=30&archived=false&with_merge_requests_enabled=true', user.token);
          assert.deepEqual(ids(developerUp), writable, `${where} ${NAMES[level]}: min_access_level=30`);
          assert.deepEqual(ids(await api('GET', `/projects?min_access_level=${level}`, user.token)), [project.id], `${where} ${NAMES[level]}: at its own level`);
          assert.deepEqual(ids(await api('GET', '/projects?archived=true', user.token)), [], 'no project is archived');
          if (where !== 'project') {
            const inSub = await api('GET', `/groups/${sub.id}/projects?min_access_level=30`, user.token);
            assert.deepEqual(ids(inSub), writable, `${where} ${NAMES[level]}: the subgroup's projects at min_access_level=30`);
          }
        }
      });

      for (const transport of ['http', 'ssh'] as const) {
        test(`a member of the ${where} over git ${transport}: Reporter+ clones, Developer+ pushes`, async () => {
          await inPool([...LEVELS], 2, async (level) => {
            const user = users.get(`${where}/${level}`)!;
            const env = transport === 'ssh' ? f.cli.sshEnv(f.ssh.port, { password: user.token }) : {};
            const url = transport === 'ssh' ? sshUrl(f.ssh.port, project.path_with_namespace) : httpUrl(f.baseUrl, project.path_with_namespace, user.token);
            const label = `${transport} ${where} ${NAMES[level]}`;
            const clone = await f.cli.git(['clone', '--quiet', url, f.cli.dir('clone')], { env });
            assertGit(clone, level >= 20, `clone (${label})`);
            if (level < 20) assert.match(clone.stderr, /You are not allowed to download code/);
            const push = await f.cli.git(['push', '--quiet', url, `HEAD:refs/heads/${transport}-${where}-${level}-${++branch}`], { cwd: source, env });
            assertGit(push, level >= 30, `push (${label})`);
          });
        });
      }
    }

    /** What /jwt/auth grants the token on each name (pull and push asked). */
    const registryAccess = async (token: string, names: string[]) =>
      grantedAccess(f.t, await jwtAuth(f.t, names.map((name) => `repository:${name}:pull,push`), basic(token)));

    for (const where of SOURCES) {
      test(`a member of the ${where} on the registry: Reporter+ pulls, Developer+ pushes the project's images`, async () => {
        const names = [project.path_with_namespace, `${project.path_with_namespace}/image`];
        for (const level of LEVELS) {
          const actions = level >= 30 ? ['pull', 'push'] : level >= 20 ? ['pull'] : [];
          const expected = actions.length === 0 ? [] : names.map((name) => ({ type: 'repository', name, actions }));
          assert.deepEqual(await registryAccess(users.get(`${where}/${level}`)!.token, names), expected, `${where} ${NAMES[level]}`);
        }
      });
    }

    test('the effective level is the highest of direct and inherited: Guest on the project + Developer in the group pushes', async () => {
      const user = await newUser();
      await api('POST', `/projects/${project.id}/members`, undefined, { user_id: user.id, access_level: 10 });
      await api('POST', `/groups/${top.id}/members`, undefined, { user_id: user.id, access_level: 30 });
      const push = await f.cli.git(['push', '--quiet', httpUrl(f.baseUrl, project.path_with_namespace, user.token), `HEAD:refs/heads/max-${++branch}`], { cwd: source });
      assertGit(push, true, 'push by Guest + group Developer');
      const all = await api('GET', `/projects/${project.id}/members/all/${user.id}`, user.token);
      assert.equal(all.body.access_level, 30);
      const direct = await api('GET', `/projects/${project.id}/members/${user.id}`, user.token);
      assert.equal(direct.body.access_level, 10);
      // gclients
      const developerUp = await api('GET', '/projects?min_access_level=30', user.token);
      assert.deepEqual(developerUp.body.map((p: { id: number }) => p.id), [project.id]);
      const invalid = await api('GET', '/projects?min_access_level=25', user.token);
      assert.deepEqual([invalid.status, invalid.body], [400, { error: 'min_access_level does not have a valid value' }]);
    });

    test('a group membership that expires stops counting at midnight UTC, on the API and git', async () => {
      const user = await newUser();
      await api('POST', `/groups/${top.id}/members`, undefined, { user_id: user.id, access_level: 30, expires_at: '2026-12-01' });
      const url = httpUrl(f.baseUrl, project.path_with_namespace, user.token);
      assertGit(await f.cli.git(['ls-remote', url]), true, 'ls-remote before expiry');
      f.t.clock.set('2026-12-01T00:00:00.000Z');
      try {
        assert.equal((await api('GET', `/projects/${project.id}`, user.token)).status, 404);
        assertGit(await f.cli.git(['ls-remote', url]), false, 'ls-remote after expiry');
      } finally {
        f.t.clock.set('2026-11-29T12:00:00.000Z');
      }
    });

    test('removing a group member takes the project away at once, on the API and git', async () => {
      const user = await newUser();
      await api('POST', `/groups/${sub.id}/members`, undefined, { user_id: user.id, access_level: 30 });
      const url = httpUrl(f.baseUrl, project.path_with_namespace, user.token);
      assertGit(await f.cli.git(['ls-remote', url]), true, 'ls-remote as a member');
      assert.equal((await api('DELETE', `/groups/${sub.id}/members/${user.id}`)).status, 204);
      assert.equal((await api('GET', `/projects/${project.id}`, user.token)).status, 404);
      assertGit(await f.cli.git(['ls-remote', url]), false, 'ls-remote after removal');
    });

    test('a project transferred out of the group loses its inherited members at once; its direct members stay', async () => {
      const moving = (await api('POST', '/projects', undefined, { name: 'moving', namespace_id: top.id })).body;
      await f.seed(moving.path_with_namespace);
      const inherited = users.get('group/30')!;
      const direct = await newUser();
      await api('POST', `/projects/${moving.id}/members`, undefined, { user_id: direct.id, access_level: 30 });
      const oldUrl = httpUrl(f.baseUrl, moving.path_with_namespace, inherited.token);
      // Both read it, so both are in the read cache before the move.
      assert.equal((await api('GET', `/projects/${moving.id}`, inherited.token)).status, 200);
      assert.equal((await api('GET', `/projects/${moving.id}`, direct.token)).status, 200);
      assertGit(await f.cli.git(['ls-remote', oldUrl]), true, 'ls-remote by the inherited member before the move');
      assert.deepEqual(await registryAccess(inherited.token, ['top/moving']), [{ type: 'repository', name: 'top/moving', actions: ['pull', 'push'] }]);

      const moved = await api('PUT', `/projects/${moving.id}/transfer`, undefined, { namespace: 'root' });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      assert.equal(moved.body.path_with_namespace, 'root/moving');

      assert.equal((await api('GET', `/projects/${moving.id}`, inherited.token)).status, 404);
      const clone = await f.cli.git(['clone', '--quiet', httpUrl(f.baseUrl, 'root/moving', inherited.token), f.cli.dir('clone')]);
      assert.equal(clone.code, 128);
      assert.match(clone.stderr, /could not be found/);
      const ssh = await f.cli.git(['ls-remote', sshUrl(f.ssh.port, 'root/moving')], { env: f.cli.sshEnv(f.ssh.port, { password: inherited.token }) });
      assertGit(ssh, false, 'ssh ls-remote by the inherited member after the move');
      assert.deepEqual(await registryAccess(inherited.token, ['root/moving', 'top/moving']), []);
      assert.equal((await api('GET', `/projects/${moving.id}`, direct.token)).status, 200);
      assertGit(await f.cli.git(['ls-remote', httpUrl(f.baseUrl, 'root/moving', direct.token)]), true, 'ls-remote by the direct member after the move');
    });
  });
}
