import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

type User = { id: number; token: string };

for (const dialect of DIALECTS) {
  describe(`groups API (${dialect})`, () => {
    let t: TestApp;
    let alice: User;
    let bob: User;
    let carol: User;
    let counter = 0;
    const unique = (prefix: string) => `${prefix}-${(counter += 1)}`;

    before(async () => {
      t = await startTestApp(dialect);
      alice = await t.createUser('alice');
      bob = await t.createUser('bob');
      carol = await t.createUser('carol');
    });
    after(() => t.close());

    const createGroup = async (token: string, body: Record<string, unknown>) => {
      const res = await t.api('POST', '/groups', { token, body });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    };

    test('POST /groups creates a private group with its creator as Owner (201, GitLab entity)', async () => {
      const path = unique('team');
      const res = await t.api('POST', '/groups', { token: alice.token, body: { name: 'The Team', path, description: 'Ours' } });
      assert.equal(res.status, 201);
      assert.equal(res.body.name, 'The Team');
      assert.equal(res.body.path, path);
      assert.equal(res.body.full_path, path);
      assert.equal(res.body.full_name, 'The Team');
      assert.equal(res.body.visibility, 'private');
      assert.equal(res.body.description, 'Ours');
      assert.equal(res.body.parent_id, null);
      assert.equal(res.body.web_url, `${t.config.externalUrl}/groups/${path}`);
      assert.equal(res.body.project_creation_level, 'maintainer');
      assert.equal(res.body.subgroup_creation_level, 'maintainer');
      const members = await t.api('GET', `/groups/${res.body.id}/members`, { token: alice.token });
      assert.deepEqual(
        members.body.map((m: { username: string; access_level: number }) => [m.username, m.access_level]),
        [['alice', 50]],
      );
    });

    test('POST /groups returns 400 for a missing name or path, a bad path, and a taken path', async () => {
      const noName = await t.api('POST', '/groups', { token: alice.token, body: { path: unique('x') } });
      assert.equal(noName.status, 400);
      assert.deepEqual(noName.body, { error: 'name is missing' });
      const noPath = await t.api('POST', '/groups', { token: alice.token, body: { name: 'x' } });
      assert.equal(noPath.status, 400);
      assert.deepEqual(noPath.body, { error: 'path is missing' });
      const bad = await t.api('POST', '/groups', { token: alice.token, body: { name: 'x', path: '-bad' } });
      assert.equal(bad.status, 400);
      assert.ok(bad.body.message.path[0].startsWith('Path can contain only'));
      const path = unique('taken');
      await createGroup(alice.token, { name: path, path });
      const again = await t.api('POST', '/groups', { token: bob.token, body: { name: path, path: path.toUpperCase() } });
      assert.equal(again.status, 400);
      assert.deepEqual(again.body, { message: { path: ['has already been taken'] } });
    });

    test("POST /groups refuses a top-level path that is a user's namespace", async () => {
      const res = await t.api('POST', '/groups', { token: alice.token, body: { name: 'bob', path: 'bob' } });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, { message: { path: ['has already been taken'] } });
    });

    test('POST /groups with parent_id creates a subgroup; its path is unique among siblings only', async () => {
      const a = await createGroup(alice.token, { name: 'A', path: unique('a') });
      const b = await createGroup(alice.token, { name: 'B', path: unique('b') });
      const sub = await createGroup(alice.token, { name: 'Docs', path: 'docs', parent_id: a.id });
      assert.equal(sub.parent_id, a.id);
      assert.equal(sub.path, 'docs');
      assert.equal(sub.full_path, `${a.path}/docs`);
      assert.equal(sub.full_name, 'A / Docs');
      await createGroup(alice.token, { name: 'Docs', path: 'docs', parent_id: b.id });
      const clash = await t.api('POST', '/groups', { token: alice.token, body: { name: 'Docs', path: 'docs', parent_id: a.id } });
      assert.equal(clash.status, 400);
      assert.deepEqual(clash.body, { message: { path: ['has already been taken'] } });
    });

    test('POST /groups with parent_id: 403 below Maintainer of the parent, 404 for a parent the caller cannot see', async () => {
      const parent = await createGroup(alice.token, { name: 'P', path: unique('p') });
      const hidden = await t.api('POST', '/groups', { token: bob.token, body: { name: 'S', path: 's', parent_id: parent.id } });
      assert.equal(hidden.status, 404);
      await t.api('POST', `/groups/${parent.id}/members`, { token: alice.token, body: { user_id: bob.id, access_level: 30 } });
      const developer = await t.api('POST', '/groups', { token: bob.token, body: { name: 'S', path: 's', parent_id: parent.id } });
      assert.equal(developer.status, 403);
      assert.deepEqual(developer.body, { message: '403 Forbidden' });
      await t.api('PUT', `/groups/${parent.id}/members/${bob.id}`, { token: alice.token, body: { access_level: 40 } });
      const maintainer = await t.api('POST', '/groups', { token: bob.token, body: { name: 'S', path: 's', parent_id: parent.id } });
      assert.equal(maintainer.status, 201);
    });

    test('a subgroup is never more visible than its parent (GitLab\'s message)', async () => {
      const parent = await createGroup(alice.token, { name: 'P', path: unique('p'), visibility: 'internal' });
      const res = await t.api('POST', '/groups', { token: alice.token, body: { name: 'S', path: 's', parent_id: parent.id, visibility: 'public' } });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, { message: { visibility_level: ['public is not allowed since the parent group has a internal visibility.'] } });
      const inherits = await createGroup(alice.token, { name: 'S', path: 's', parent_id: parent.id });
      assert.equal(inherits.visibility, 'internal');
      const narrow = await t.api('PUT', `/groups/${parent.id}`, { token: alice.token, body: { visibility: 'private' } });
      assert.equal(narrow.status, 400);
      assert.deepEqual(narrow.body, { message: { visibility_level: ['private is not allowed since there are sub-groups with higher visibility.'] } });
    });

    test('a project is never more visible than its group; a group with a public project cannot turn private', async () => {
      const group = await createGroup(alice.token, { name: 'G', path: unique('g'), visibility: 'internal' });
      const refused = await t.api('POST', '/projects', { token: alice.token, body: { name: 'web', namespace_id: group.id, visibility: 'public' } });
      assert.equal(refused.status, 400);
      assert.deepEqual(refused.body, { message: { visibility_level: ['public is not allowed in a internal group.'] } });
      const made = await t.api('POST', '/projects', { token: alice.token, body: { name: 'web', namespace_id: group.id, visibility: 'internal' } });
      assert.equal(made.status, 201);
      const raise = await t.api('PUT', `/projects/${made.body.id}`, { token: alice.token, body: { visibility: 'public' } });
      assert.equal(raise.status, 400);
      assert.deepEqual(raise.body, { message: { visibility_level: ['public is not allowed in a internal group.'] } });
      const narrow = await t.api('PUT', `/groups/${group.id}`, { token: alice.token, body: { visibility: 'private' } });
      assert.equal(narrow.status, 400);
      assert.deepEqual(narrow.body, { message: { visibility_level: ['private is not allowed since this group contains projects with higher visibility.'] } });
    });

    test('GET /groups/:id by id or URL-encoded full path; 404 Group Not Found when missing or hidden', async () => {
      const top = await createGroup(alice.token, { name: 'Top', path: unique('top') });
      const sub = await createGroup(alice.token, { name: 'Sub', path: 'sub', parent_id: top.id });
      const byId = await t.api('GET', `/groups/${sub.id}`, { token: alice.token });
      assert.equal(byId.status, 200);
      assert.equal(byId.body.full_path, `${top.path}/sub`);
      assert.deepEqual(byId.body.projects, []);
      assert.deepEqual(byId.body.shared_projects, []);
      const byPath = await t.api('GET', `/groups/${encodeURIComponent(`${top.path}/sub`)}`, { token: alice.token });
      assert.equal(byPath.status, 200);
      assert.equal(byPath.body.id, sub.id);
      for (const [token, url] of [
        [bob.token, `/groups/${sub.id}`],
        [alice.token, '/groups/999999'],
        [alice.token, `/groups/${encodeURIComponent('no/such/group')}`],
        [null, `/groups/${top.id}`],
      ] as const) {
        const res = await t.api('GET', url, { token });
        assert.equal(res.status, 404, url);
        assert.deepEqual(res.body, { message: '404 Group Not Found' });
      }
    });

    test('GET /groups lists the caller\'s groups, all_available adds the public and internal ones, anonymous sees public ones', async () => {
      const mine = await createGroup(carol.token, { name: 'Carols', path: unique('carols') });
      const pub = await createGroup(alice.token, { name: 'Open', path: unique('open'), visibility: 'public' });
      const priv = await createGroup(alice.token, { name: 'Closed', path: unique('closed') });
      const ids = (res: { body: { id: number }[] }) => res.body.map((g) => g.id);
      const own = await t.api('GET', '/groups?per_page=100', { token: carol.token });
      assert.equal(own.status, 200);
      assert.ok(ids(own).includes(mine.id));
      assert.ok(!ids(own).includes(pub.id));
      const all = await t.api('GET', '/groups?all_available=true&per_page=100', { token: carol.token });
      assert.ok(ids(all).includes(pub.id) && ids(all).includes(mine.id) && !ids(all).includes(priv.id));
      const anonymous = await t.api('GET', '/groups?per_page=100', { token: null });
      assert.ok(ids(anonymous).includes(pub.id) && !ids(anonymous).includes(mine.id));
      const search = await t.api('GET', `/groups?search=${encodeURIComponent(mine.path)}`, { token: carol.token });
      assert.deepEqual(ids(search), [mine.id]);
      assert.equal(search.headers['x-total'], '1');
    });

    // gclients
    test('GET /groups?min_access_level: only the groups where the caller\'s role, inherited ones counting, is at least that; for admins too', async () => {
      const dave = await t.createUser('dave');
      const top = await createGroup(alice.token, { name: 'Levels', path: unique('levels') });
      const child = await createGroup(alice.token, { name: 'Child', path: 'child', parent_id: top.id });
      const grandchild = await createGroup(alice.token, { name: 'Grandchild', path: 'grandchild', parent_id: child.id });
      await t.api('POST', `/groups/${top.id}/members`, { token: alice.token, body: { user_id: dave.id, access_level: 20 } });
      await t.api('POST', `/groups/${child.id}/members`, { token: alice.token, body: { user_id: dave.id, access_level: 40 } });
      const ids = async (url: string, token: string | undefined = dave.token) => {
        const res = await t.api('GET', url, { token });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return res.body.map((g: { id: number }) => g.id).sort((a: number, b: number) => a - b);
      };
      assert.deepEqual(await ids('/groups?min_access_level=20'), [top.id, child.id, grandchild.id]);
      assert.deepEqual(await ids('/groups?min_access_level=30'), [child.id, grandchild.id]);
      assert.deepEqual(await ids('/groups?min_access_level=50'), []);
      assert.deepEqual(await ids(`/groups/${top.id}/descendant_groups?min_access_level=40`), [child.id, grandchild.id]);
      assert.deepEqual(await ids(`/groups/${top.id}/subgroups?min_access_level=50`), []);
      // An admin sees every group, but with min_access_level only its own.
      assert.deepEqual((await ids('/groups?min_access_level=10', t.rootToken)).filter((id: number) => [top.id, child.id, grandchild.id].includes(id)), []);
      const invalid = await t.api('GET', '/groups?min_access_level=35', { token: dave.token });
      assert.deepEqual([invalid.status, invalid.body], [400, { error: 'min_access_level does not have a valid value' }]);
    });

    test('GET /groups/:id/subgroups lists children, /descendant_groups every depth', async () => {
      const top = await createGroup(alice.token, { name: 'Top', path: unique('top') });
      const child = await createGroup(alice.token, { name: 'Child', path: 'child', parent_id: top.id });
      const grandchild = await createGroup(alice.token, { name: 'Grandchild', path: 'grandchild', parent_id: child.id });
      const subgroups = await t.api('GET', `/groups/${top.id}/subgroups`, { token: alice.token });
      assert.equal(subgroups.status, 200);
      assert.deepEqual(subgroups.body.map((g: { id: number }) => g.id), [child.id]);
      const descendants = await t.api('GET', `/groups/${top.id}/descendant_groups`, { token: alice.token });
      assert.deepEqual(descendants.body.map((g: { id: number }) => g.id).sort(), [child.id, grandchild.id].sort());
      assert.equal(descendants.body.find((g: { id: number }) => g.id === grandchild.id).full_path, `${top.path}/child/grandchild`);
      const hidden = await t.api('GET', `/groups/${top.id}/subgroups`, { token: bob.token });
      assert.equal(hidden.status, 404);
    });

    test('GET /groups/:id/projects lists the group\'s projects, with include_subgroups its subgroups\' too', async () => {
      const top = await createGroup(alice.token, { name: 'Top', path: unique('top') });
      const child = await createGroup(alice.token, { name: 'Child', path: 'child', parent_id: top.id });
      const api = await t.api('POST', '/projects', { token: alice.token, body: { name: 'api', namespace_id: top.id } });
      const web = await t.api('POST', '/projects', { token: alice.token, body: { name: 'web', namespace_id: child.id } });
      assert.equal(web.body.path_with_namespace, `${top.path}/child/web`);
      assert.equal(web.body.namespace.kind, 'group');
      assert.equal(web.body.namespace.full_path, `${top.path}/child`);
      assert.equal(web.body.namespace.path, 'child');
      assert.equal(web.body.namespace.parent_id, top.id);
      assert.equal('owner' in web.body, false, 'GitLab shows no owner for a project in a group');
      const direct = await t.api('GET', `/groups/${top.id}/projects`, { token: alice.token });
      assert.deepEqual(direct.body.map((p: { id: number }) => p.id), [api.body.id]);
      const all = await t.api('GET', `/groups/${top.id}/projects?include_subgroups=true`, { token: alice.token });
      assert.deepEqual(all.body.map((p: { id: number }) => p.id).sort(), [api.body.id, web.body.id].sort());
      const byPath = await t.api('GET', `/projects/${encodeURIComponent(`${top.path}/child/web`)}`, { token: alice.token });
      assert.equal(byPath.status, 200);
      assert.equal(byPath.body.id, web.body.id);
    });

    test('PUT /groups/:id: Owners rename it (subgroups and projects follow), a Maintainer gets 403', async () => {
      const top = await createGroup(alice.token, { name: 'Top', path: unique('top') });
      const child = await createGroup(alice.token, { name: 'Child', path: 'child', parent_id: top.id });
      const project = await t.api('POST', '/projects', { token: alice.token, body: { name: 'svc', namespace_id: child.id } });
      await t.api('POST', `/groups/${top.id}/members`, { token: alice.token, body: { user_id: bob.id, access_level: 40 } });
      const maintainer = await t.api('PUT', `/groups/${top.id}`, { token: bob.token, body: { name: 'Mine' } });
      assert.equal(maintainer.status, 403);
      const path = unique('renamed');
      const res = await t.api('PUT', `/groups/${top.id}`, { token: alice.token, body: { path, name: 'Renamed', description: 'new' } });
      assert.equal(res.status, 200);
      assert.equal(res.body.full_path, path);
      assert.equal(res.body.description, 'new');
      // gclients: GitLab answers an update with the group's details and projects, as GET does; with_projects=false leaves the lists out.
      assert.deepEqual(res.body, (await t.api('GET', `/groups/${top.id}`, { token: alice.token })).body);
      assert.deepEqual([res.body.projects, res.body.shared_projects], [[], []]);
      const bare = await t.api('GET', `/groups/${top.id}?with_projects=false`, { token: alice.token });
      assert.deepEqual(['projects' in bare.body, 'shared_projects' in bare.body, bare.body.id], [false, false, top.id]);
      const sub = await t.api('GET', `/groups/${child.id}`, { token: alice.token });
      assert.equal(sub.body.full_path, `${path}/child`);
      assert.equal(sub.body.full_name, 'Renamed / Child');
      const moved = await t.api('GET', `/projects/${project.body.id}`, { token: alice.token });
      assert.equal(moved.body.path_with_namespace, `${path}/child/svc`);
    });

    test('DELETE /groups/:id: Owners only (202), and its subgroups and projects go with it', async () => {
      const top = await createGroup(alice.token, { name: 'Top', path: unique('top') });
      const child = await createGroup(alice.token, { name: 'Child', path: 'child', parent_id: top.id });
      const project = await t.api('POST', '/projects', { token: alice.token, body: { name: 'svc', namespace_id: child.id } });
      await t.api('POST', `/groups/${top.id}/members`, { token: alice.token, body: { user_id: bob.id, access_level: 40 } });
      const maintainer = await t.api('DELETE', `/groups/${top.id}`, { token: bob.token });
      assert.equal(maintainer.status, 403);
      const res = await t.api('DELETE', `/groups/${top.id}`, { token: alice.token });
      assert.equal(res.status, 202);
      assert.equal((await t.api('GET', `/groups/${top.id}`, { token: alice.token })).status, 404);
      assert.equal((await t.api('GET', `/groups/${child.id}`, { token: alice.token })).status, 404);
      assert.equal((await t.api('GET', `/projects/${project.body.id}`, { token: alice.token })).status, 404);
    });

    test('POST /projects with a group namespace_id: Maintainers create, Developers get 403; no direct member is added', async () => {
      const group = await createGroup(alice.token, { name: 'G', path: unique('g') });
      await t.api('POST', `/groups/${group.id}/members`, { token: alice.token, body: { user_id: bob.id, access_level: 30 } });
      const developer = await t.api('POST', '/projects', { token: bob.token, body: { name: 'p', namespace_id: group.id } });
      assert.equal(developer.status, 403);
      const outsider = await t.api('POST', '/projects', { token: carol.token, body: { name: 'p', namespace_id: group.id } });
      assert.equal(outsider.status, 404);
      assert.deepEqual(outsider.body, { message: '404 Namespace Not Found' });
      await t.api('PUT', `/groups/${group.id}/members/${bob.id}`, { token: alice.token, body: { access_level: 40 } });
      const made = await t.api('POST', '/projects', { token: bob.token, body: { name: 'p', namespace_id: group.id } });
      assert.equal(made.status, 201);
      const direct = await t.api('GET', `/projects/${made.body.id}/members`, { token: bob.token });
      assert.deepEqual(direct.body, []);
    });

    test('PUT /projects/:id/transfer moves a project into a group and back; 404 for a namespace the Owner may not create in', async () => {
      const group = await createGroup(alice.token, { name: 'G', path: unique('g'), visibility: 'internal' });
      const project = await t.api('POST', '/projects', { token: bob.token, body: { name: unique('moving'), visibility: 'public' } });
      const refused = await t.api('PUT', `/projects/${project.body.id}/transfer`, { token: bob.token, body: { namespace: group.id } });
      assert.equal(refused.status, 404);
      assert.deepEqual(refused.body, { message: '404 Namespace Not Found' });
      await t.api('POST', `/groups/${group.id}/members`, { token: alice.token, body: { user_id: bob.id, access_level: 40 } });
      const moved = await t.api('PUT', `/projects/${project.body.id}/transfer`, { token: bob.token, body: { namespace: group.path } });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      assert.equal(moved.body.namespace.id, group.id);
      assert.equal(moved.body.path_with_namespace, `${group.path}/${project.body.path}`);
      assert.equal(moved.body.visibility, 'internal', 'narrowed to the group');
      const same = await t.api('PUT', `/projects/${project.body.id}/transfer`, { token: bob.token, body: { namespace: group.id } });
      assert.equal(same.status, 400);
      assert.deepEqual(same.body, { message: '400 Bad request - Project is already in this namespace.' });
      const back = await t.api('PUT', `/projects/${project.body.id}/transfer`, { token: bob.token, body: { namespace: 'bob' } });
      assert.equal(back.status, 200);
      assert.equal(back.body.path_with_namespace, `bob/${project.body.path}`);
      const missing = await t.api('PUT', `/projects/${project.body.id}/transfer`, { token: bob.token, body: {} });
      assert.equal(missing.status, 400);
      assert.deepEqual(missing.body, { error: 'namespace is missing' });
    });

    test('a user who created a group can be deleted: the group stays, their membership goes', async () => {
      const dave = await t.createUser(unique('dave'));
      const group = await createGroup(dave.token, { name: 'D', path: unique('d') });
      await t.api('POST', `/groups/${group.id}/members`, { token: dave.token, body: { user_id: alice.id, access_level: 50 } });
      const removed = await t.api('DELETE', `/users/${dave.id}`);
      assert.equal(removed.status, 204, JSON.stringify(removed.body));
      const members = await t.api('GET', `/groups/${group.id}/members`, { token: alice.token });
      assert.deepEqual(members.body.map((m: { username: string }) => m.username), ['alice']);
      assert.equal(members.body[0].created_by.username, 'ghost');
    });
    // gparity
    test('name_with_namespace names the whole group chain (Top / Child / web) on every project answer; a project at the top of a group or a user namespace keeps one level', async () => {
      const top = await createGroup(alice.token, { name: 'Top', path: unique('named') });
      const child = await createGroup(alice.token, { name: 'Child', path: 'child', parent_id: top.id });
      const grandchild = await createGroup(alice.token, { name: 'Grand Child', path: 'grand', parent_id: child.id });
      const deep = await t.api('POST', '/projects', { token: alice.token, body: { name: 'web', namespace_id: grandchild.id } });
      assert.equal(deep.body.name_with_namespace, 'Top / Child / Grand Child / web');
      assert.equal(deep.body.namespace.full_path, `${top.path}/child/grand`);
      const shallow = await t.api('POST', '/projects', { token: alice.token, body: { name: 'api', namespace_id: top.id } });
      assert.equal(shallow.body.name_with_namespace, 'Top / api');
      assert.equal((await t.api('GET', `/projects/${deep.body.id}`, { token: alice.token })).body.name_with_namespace, 'Top / Child / Grand Child / web');
      const listed = await t.api('GET', `/groups/${top.id}/projects?include_subgroups=true&order_by=id&sort=asc`, { token: alice.token });
      assert.deepEqual(listed.body.map((p: { name_with_namespace: string }) => p.name_with_namespace), ['Top / Child / Grand Child / web', 'Top / api']);
      const mine = await t.api('POST', '/projects', { token: alice.token, body: { name: 'personal' } });
      assert.equal(mine.body.name_with_namespace, `${mine.body.namespace.name} / personal`);
    });
  });
}
