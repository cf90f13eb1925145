import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Scope } from '../../src/domain/scopes.ts';
import type { RegistrySupervisor } from '../../src/registry/supervisor.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { bad, createProjectToken } from '../helpers/project-tokens.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { basic, buildOciImage, eventually, freePort, grantedAccess, jwtAuth, skopeo, startRegistryFor, type CommandResult } from './registry-helpers.ts';

// Images of projects in groups and subgroups (GitLab's naming convention): `top/sub/proj` and
// `top/sub/proj/app` belong to the project `top/sub/proj`, pushed and pulled with skopeo through a
// real Distribution registry by a group access token, a project token and inherited members; paths
// holding images cannot be renamed or transferred. One registry and one Latchkey per dialect.

const DENIED = 'denied: requested access to the resource is denied';
const GROUP_PATH_WITH_IMAGES =
  'Cannot update the path because there are projects under this group that contain Docker images in their Container Registry. Please remove the images from your projects first and try again.';

type Project = { id: number; path_with_namespace: string };
type Group = { id: number; full_path: string };

for (const dialect of DIALECTS) {
  describe(`registry images of projects in subgroups (${dialect})`, () => {
    let t: TestApp;
    let registry: RegistrySupervisor;
    let registryHost: string;
    let work: string;
    let image: string;
    let top: Group;
    let sub: Group;
    let proj: Project;
    let mover: Project;
    let groupBot: string;
    let rivalBot: string;

    const api = async (method: 'POST' | 'PUT', url: string, body: unknown, status = method === 'POST' ? 201 : 200) => {
      const res = await t.api(method, url, { body });
      assert.equal(res.status, status, `${method} ${url}: ${JSON.stringify(res.body)}`);
      return res.body;
    };

    const push = (token: string, target: string): Promise<CommandResult> =>
      skopeo(work, ['copy', '--dest-creds', `any:${token}`, '--dest-tls-verify=false', `oci:${image}:v1`, `docker://${registryHost}/${target}`]);
    const pull = (token: string, source: string): Promise<CommandResult> =>
      skopeo(work, ['copy', '--src-creds', `any:${token}`, '--src-tls-verify=false', `docker://${registryHost}/${source}`, `oci:${mkdtempSync(path.join(work, 'pulled-'))}:pulled`]);

    const succeeded = (result: CommandResult) => assert.equal(result.code, 0, result.stderr);
    const refused = (result: CommandResult) => {
      assert.notEqual(result.code, 0, 'skopeo should have failed');
      assert.ok(result.stderr.includes(DENIED), `expected "${DENIED}" in: ${result.stderr}`);
    };
    /** The actions /jwt/auth grants the token on each name asked (an empty list: nothing). */
    const granted = async (token: string, names: string[]) => {
      const access = await grantedAccess(t, await jwtAuth(t, names.map((name) => `repository:${name}:pull,push`), basic(token)));
      return Object.fromEntries(names.map((name) => [name, access.find((entry) => entry.name === name)?.actions ?? []]));
    };
    /** A human member of `group` at `level`, with a personal token of these scopes. */
    const member = async (username: string, group: Group, level: number, scopes: Scope[]) => {
      const user = await t.createUser(username, { scopes });
      await api('POST', `/groups/${group.id}/members`, { user_id: user.id, access_level: level });
      return user.token;
    };
    const repositoryPaths = async (project: Project) =>
      (await t.api('GET', `/projects/${project.id}/registry/repositories?tags=true`)).body.map((r: any) => [r.path, r.name, r.location, r.tags.map((tag: any) => tag.path)]);

    before(async () => {
      work = mkdtempSync(path.join(tmpdir(), 'latchkey-subgroup-images-'));
      registryHost = `127.0.0.1:${await freePort()}`;
      t = await startTestApp(dialect, { LATCHKEY_REGISTRY_URL: `http://${registryHost}` });
      registry = await startRegistryFor(t, registryHost);
      image = path.join(work, 'image');
      buildOciImage(image, 'v1', 'hello from a subgroup');

      top = await api('POST', '/groups', { name: 'Top', path: 'top' });
      sub = await api('POST', '/groups', { name: 'Sub', path: 'sub', parent_id: top.id });
      proj = await api('POST', '/projects', { name: 'proj', namespace_id: sub.id });
      mover = await api('POST', '/projects', { name: 'mover', namespace_id: top.id });
      const rival = await api('POST', '/groups', { name: 'Rival', path: 'rival' });
      await api('POST', '/projects', { name: 'tool', namespace_id: rival.id });
      const scopes = ['read_registry', 'write_registry'];
      groupBot = (await api('POST', `/groups/${top.id}/access_tokens`, { name: 'ci', scopes, access_level: 30 })).token;
      rivalBot = (await api('POST', `/groups/${rival.id}/access_tokens`, { name: 'ci', scopes: ['api'], access_level: 50 })).token;
    });

    after(async () => {
      await registry?.stop();
      await t?.close();
      rmSync(work, { recursive: true, force: true });
    });

    test("the top group's access token pushes and pulls group/sub/project and group/sub/project/app; the API lists both full paths", async () => {
      succeeded(await push(groupBot, 'top/sub/proj:v1'));
      succeeded(await push(groupBot, 'top/sub/proj/app:v1'));
      succeeded(await pull(groupBot, 'top/sub/proj:v1'));
      succeeded(await pull(groupBot, 'top/sub/proj/app:v1'));
      const listed = await eventually('both push notifications', async () => {
        const paths = await repositoryPaths(proj);
        return paths.length === 2 && paths.every((entry: any) => entry[3].length === 1) ? paths : undefined;
      });
      assert.deepEqual(listed, [
        ['top/sub/proj', '', `${registryHost}/top/sub/proj`, ['top/sub/proj:v1']],
        ['top/sub/proj/app', 'app', `${registryHost}/top/sub/proj/app`, ['top/sub/proj/app:v1']],
      ]);
      const events = (await t.api('GET', `/projects/${proj.id}/events`)).body.filter((event: any) => event.target_type === 'ContainerRepository');
      assert.deepEqual(events.map((event: any) => event.target_title).sort(), ['top/sub/proj/app:v1', 'top/sub/proj:v1']);
    });

    test('a project token pushes an image two components below the project, and pulls; three components below belong to no project', async () => {
      const token = (await createProjectToken(t, proj.id, { scopes: ['read_registry', 'write_registry'], access_level: 30 })).token;
      succeeded(await push(token, 'top/sub/proj/a/b:v1'));
      succeeded(await pull(token, 'top/sub/proj/app:v1'));
      refused(await push(token, 'top/sub/proj/a/b/c:v1'));
      assert.deepEqual(await granted(token, ['top/sub/proj/a/b/c', 'top/sub/proj/a/b', 'top/sub', 'top/sub/nothing/app']), {
        'top/sub/proj/a/b/c': [],
        'top/sub/proj/a/b': ['pull', 'push'],
        'top/sub': [],
        'top/sub/nothing/app': [],
      });
    });

    test('an inherited Developer of the top group pushes; with a read-only token, or as a Reporter, pulls and cannot push', async () => {
      const developer = await member('developer', top, 30, ['read_registry', 'write_registry']);
      succeeded(await push(developer, 'top/sub/proj/app:v2'));
      const readOnly = await member('reader', top, 30, ['read_registry']);
      succeeded(await pull(readOnly, 'top/sub/proj/app:v1'));
      refused(await push(readOnly, 'top/sub/proj/app:v3'));
      const reporter = await member('reporter', sub, 20, ['read_registry', 'write_registry']);
      succeeded(await pull(reporter, 'top/sub/proj:v1'));
      refused(await push(reporter, 'top/sub/proj:v3'));
    });

    test("another group's access token can neither pull nor push the subgroup project's images", async () => {
      refused(await pull(rivalBot, 'top/sub/proj:v1'));
      refused(await pull(rivalBot, 'top/sub/proj/app:v1'));
      refused(await push(rivalBot, 'top/sub/proj/app:evil'));
      succeeded(await push(rivalBot, 'rival/tool:v1'));
    });

    test("a project transferred out of the group: the group bot's next registry token grants nothing on it", async () => {
      assert.deepEqual(await granted(groupBot, ['top/mover']), { 'top/mover': ['pull', 'push'] });
      const moved = await api('PUT', `/projects/${mover.id}/transfer`, { namespace: 'root' });
      assert.equal(moved.path_with_namespace, 'root/mover');
      assert.deepEqual(await granted(groupBot, ['root/mover', 'top/mover']), { 'root/mover': [], 'top/mover': [] });
      refused(await push(groupBot, 'root/mover:v1'));
    });

    test('a project with images keeps its path and namespace (GitLab: 400), and its name may change', async () => {
      const renamed = await t.api('PUT', `/projects/${proj.id}`, { body: { path: 'renamed' } });
      assert.deepEqual([renamed.status, renamed.body], [400, bad('Cannot rename project because it contains container registry tags!')]);
      const transferred = await t.api('PUT', `/projects/${proj.id}/transfer`, { body: { namespace: 'top' } });
      assert.deepEqual([transferred.status, transferred.body], [400, bad('Project cannot be transferred, because tags are present in its container registry')]);
      assert.equal((await api('PUT', `/projects/${proj.id}`, { name: 'Proj renamed' })).path_with_namespace, 'top/sub/proj');
    });

    test("a group holding such a project keeps its path, at every level above it (GitLab's 400), and its name may change", async () => {
      for (const group of [sub, top]) {
        const res = await t.api('PUT', `/groups/${group.id}`, { body: { path: 'moved' } });
        assert.deepEqual([res.status, res.body], [400, { message: { base: [GROUP_PATH_WITH_IMAGES] } }], group.full_path);
        assert.equal((await api('PUT', `/groups/${group.id}`, { name: `${group.full_path} renamed` })).full_path, group.full_path);
      }
      succeeded(await pull(groupBot, 'top/sub/proj/app:v1'));
    });

    test('without images, a project in a subgroup is renamed and transferred, and its group path changes', async () => {
      const quiet = await api('POST', '/groups', { name: 'Quiet', path: 'quiet' });
      const inner = await api('POST', '/groups', { name: 'Inner', path: 'inner', parent_id: quiet.id });
      const calm = await api('POST', '/projects', { name: 'calm', namespace_id: inner.id });
      assert.equal((await api('PUT', `/projects/${calm.id}`, { path: 'still' })).path_with_namespace, 'quiet/inner/still');
      assert.equal((await api('PUT', `/groups/${inner.id}`, { path: 'deep' })).full_path, 'quiet/deep');
      assert.equal((await api('PUT', `/projects/${calm.id}/transfer`, { namespace: 'quiet' })).path_with_namespace, 'quiet/still');
      const bot = (await api('POST', `/groups/${quiet.id}/access_tokens`, { name: 'ci', scopes: ['read_registry', 'write_registry'], access_level: 30 })).token;
      succeeded(await push(bot, 'quiet/still/app:v1'));
    });
  });
}
