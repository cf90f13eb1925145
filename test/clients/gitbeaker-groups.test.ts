import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Gitlab } from '@gitbeaker/rest';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { statusOf } from './gitbeaker-status.ts';
import { rotateTwice } from './gitbeaker-token-rotation.ts';

// Groups, subgroups, group members and group access tokens driven by an unmodified GitLab client,
// @gitbeaker/rest, against a listening Latchkey; each answer is checked against what the API says.

for (const dialect of DIALECTS) {
  describe(`@gitbeaker/rest against Latchkey: groups (${dialect})`, () => {
    let t: TestApp;
    let host: string;
    let owner: InstanceType<typeof Gitlab>;
    let ownerToken: string;
    let member: { id: number; token: string };
    let team: { id: number; full_path: string };
    let libs: { id: number; full_path: string };

    /** The same resource read straight from the API, as the owner. */
    const read = async (url: string) => {
      const res = await t.api('GET', url, { token: ownerToken });
      assert.equal(res.status, 200, `${url}: ${JSON.stringify(res.body)}`);
      return res.body;
    };

    before(async () => {
      t = await startTestApp(dialect);
      host = await t.app.http.listen({ host: '127.0.0.1', port: 0 });
      ownerToken = (await t.createUser('gb-owner')).token;
      member = await t.createUser('gb-member');
      owner = new Gitlab({ host, token: ownerToken });
    });
    after(() => t.close());

    test('Groups.create, show, edit, allSubgroups and allProjects (with a project created in the subgroup)', async () => {
      const created = await owner.Groups.create('Team', 'team', { visibility: 'internal', description: 'the team' });
      assert.deepEqual([created.name, created.path, created.full_path, created.visibility, created.parent_id], ['Team', 'team', 'team', 'internal', null]);
      team = created as unknown as typeof team;
      const sub = await owner.Groups.create('Libs', 'libs', { parentId: created.id });
      assert.deepEqual([sub.full_path, sub.full_name, sub.parent_id, sub.visibility], ['team/libs', 'Team / Libs', created.id, 'internal']);
      libs = sub as unknown as typeof libs;

      const shown = await owner.Groups.show('team');
      assert.deepEqual(shown, await read(`/groups/${created.id}`));
      assert.equal(shown.id, created.id);

      const edited = await owner.Groups.edit(created.id, { name: 'The Team', description: 'renamed' });
      assert.deepEqual([edited.name, edited.path, edited.description], ['The Team', 'team', 'renamed']);
      assert.deepEqual(edited, await read(`/groups/${created.id}`));

      const subgroups = await owner.Groups.allSubgroups(created.id);
      assert.deepEqual(subgroups.map((group) => group.full_path), ['team/libs']);
      assert.deepEqual(subgroups, await read(`/groups/${created.id}/subgroups`));

      const web = await owner.Projects.create({ name: 'web', namespaceId: created.id });
      const core = await owner.Projects.create({ name: 'core', namespaceId: sub.id });
      assert.deepEqual([core.path_with_namespace, core.namespace.id, core.namespace.full_path, core.visibility], ['team/libs/core', sub.id, 'team/libs', 'private']);
      assert.equal(web.path_with_namespace, 'team/web');

      const own = await owner.Groups.allProjects(created.id);
      assert.deepEqual(own.map((project) => project.path_with_namespace), ['team/web']);
      const all = await owner.Groups.allProjects('team', { includeSubgroups: true, orderBy: 'id', sort: 'asc' });
      assert.deepEqual(all.map((project) => project.path_with_namespace), ['team/web', 'team/libs/core']);
      assert.deepEqual(all, await read(`/groups/${created.id}/projects?include_subgroups=true&order_by=id&sort=asc`));
    });

    test('GroupMembers.add, all (with includeInherited), show, edit and remove; an inherited member reaches the subgroup\'s project', async () => {
      const added = await owner.GroupMembers.add(team.id, 30, { userId: member.id, expiresAt: '2027-03-01' });
      assert.deepEqual([added.id, added.username, added.access_level, added.expires_at], [member.id, 'gb-member', 30, '2027-03-01']);

      const direct = await owner.GroupMembers.all(team.id);
      assert.deepEqual(direct.map((m) => [m.username, m.access_level]).sort(), [['gb-member', 30], ['gb-owner', 50]]);
      assert.deepEqual(direct, await read(`/groups/${team.id}/members`));
      // As in GitLab, whoever creates a subgroup is its direct Owner.
      assert.deepEqual((await owner.GroupMembers.all(libs.id)).map((m) => [m.username, m.access_level]), [['gb-owner', 50]]);
      const inherited = await owner.GroupMembers.all(libs.id, { includeInherited: true });
      assert.deepEqual(inherited.map((m) => [m.username, m.access_level]).sort(), [['gb-member', 30], ['gb-owner', 50]]);
      assert.deepEqual(inherited, await read(`/groups/${libs.id}/members/all`));
      const shown = await owner.GroupMembers.show(libs.id, member.id, { includeInherited: true });
      assert.deepEqual([shown.id, shown.access_level], [member.id, 30]);

      const asMember = new Gitlab({ host, token: member.token });
      const issue = await asMember.Issues.create('team/libs/core', 'filed through an inherited membership');
      assert.equal(issue.author.id, member.id);

      const edited = await owner.GroupMembers.edit(team.id, member.id, 20, { expiresAt: '2027-04-01' });
      assert.deepEqual([edited.access_level, edited.expires_at], [20, '2027-04-01']);
      assert.deepEqual(edited, await read(`/groups/${team.id}/members/${member.id}`));
      // The subgroup's project counts the new role.
      const onProject = await owner.ProjectMembers.show('team/libs/core', member.id, { includeInherited: true });
      assert.equal(onProject.access_level, 20);

      await owner.GroupMembers.remove(team.id, member.id);
      assert.equal(await statusOf(owner.GroupMembers.show(team.id, member.id)), 404);
      assert.equal(await statusOf(asMember.Projects.show('team/libs/core')), 404);
    });

    test('GroupAccessTokens.create, all, show, rotate (by id and self) and revoke; the bot works in the subgroup\'s project', async () => {
      const created = await owner.GroupAccessTokens.create(team.id, 'gitbeaker group bot', ['api'], '2027-01-01', { accessLevel: 40 });
      assert.deepEqual([created.name, created.scopes, created.access_level, created.expires_at, created.active], ['gitbeaker group bot', ['api'], 40, '2027-01-01', true]);
      assert.match(created.token, /^glpat-/);

      const all = await owner.GroupAccessTokens.all('team');
      assert.deepEqual(all.map((token) => token.id), [created.id]);
      assert.equal('token' in all[0]!, false);
      assert.deepEqual(all, await read(`/groups/${team.id}/access_tokens`));
      const shown = await owner.GroupAccessTokens.show(team.id, created.id);
      assert.deepEqual(shown, await read(`/groups/${team.id}/access_tokens/${created.id}`));
      assert.deepEqual([shown.user_id, shown.revoked], [created.user_id, false]);

      const asBot = new Gitlab({ host, token: created.token });
      const me = await asBot.Users.showCurrentUser();
      assert.equal(me.id, created.user_id);
      assert.match(me.username, new RegExp(`^group_${team.id}_bot_`));
      const reached = await asBot.Projects.all({ membership: true, minAccessLevel: 30, orderBy: 'id', sort: 'asc' });
      assert.deepEqual(reached.map((project) => project.path_with_namespace), ['team/web', 'team/libs/core']);
      const issue = await asBot.Issues.create('team/libs/core', 'filed by the group bot');
      assert.equal(issue.author.id, created.user_id);

      const { itself, asItself } = await rotateTwice(host, owner, (client) => client.GroupAccessTokens, team.id, created as typeof created & { user_id: number });

      await owner.GroupAccessTokens.revoke(team.id, itself.id);
      assert.equal(await statusOf(asItself.Users.showCurrentUser()), 401);
      assert.equal((await owner.GroupAccessTokens.show(team.id, itself.id)).revoked, true);
      const kept = await owner.Issues.show(issue.iid, { projectId: 'team/libs/core' });
      assert.equal(kept.author.username, 'ghost');
      assert.equal(await statusOf(owner.GroupAccessTokens.revoke(team.id, itself.id)), 404);
      assert.equal(await statusOf(owner.GroupAccessTokens.show(team.id, 999999)), 404);
    });
  });
}
