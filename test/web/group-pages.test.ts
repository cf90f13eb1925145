import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { ROOT_PASSWORD, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { assertNoActiveContent } from './html-safety.ts';
import { WebClient, textOf } from './web-client.ts';

/** The table row of one user on a members page. */
function rowOf(html: string, username: string): string | undefined {
  return new RegExp(`<tr data-username="${username}">([\\s\\S]*?)</tr>`).exec(html)?.[1];
}

/** The plain token shown once on a tokens page. */
function shownToken(html: string): string | undefined {
  return /(glpat-[A-Za-z0-9_-]{20,})/.exec(html)?.[1];
}

const PASSWORD = 'password-123';

for (const dialect of DIALECTS) {
  describe(`web group pages (${dialect})`, () => {
    let t: TestApp;
    let root: WebClient;
    let owner: WebClient;
    let maintainer: WebClient;
    let developer: WebClient;
    let outsider: WebClient;
    const anonymous = () => new WebClient(t);
    const ids: Record<string, number> = {};
    let privateId: number;
    let subgroupId: number;
    let publicId: number;

    async function signedInUser(username: string): Promise<WebClient> {
      ids[username] = (await t.createUser(username)).id;
      const client = new WebClient(t);
      await client.signIn(username, PASSWORD);
      return client;
    }

    before(async () => {
      t = await startTestApp(dialect);
      root = new WebClient(t);
      await root.signIn('root', ROOT_PASSWORD);
      owner = await signedInUser('olga');
      maintainer = await signedInUser('mads');
      developer = await signedInUser('dev');
      outsider = await signedInUser('otto');
      await signedInUser('sub-member');
      // The owner makes the group with the web form: they are its only direct Owner.
      await owner.get('/groups/new');
      const created = await owner.post('/groups', { name: 'Platform', path: 'platform', description: 'The platform team', visibility: 'private' });
      assert.equal(created.status, 303);
      assert.equal(created.headers.location, '/platform?notice=group_created');
      privateId = (await t.api('GET', '/groups/platform')).body.id;
      await t.api('POST', `/groups/${privateId}/members`, { body: { user_id: ids.mads, access_level: 40 } });
      await t.api('POST', `/groups/${privateId}/members`, { body: { user_id: ids.dev, access_level: 30 } });
      subgroupId = (await t.api('POST', '/groups', { body: { name: 'Backend', path: 'backend', parent_id: privateId } })).body.id;
      await t.api('POST', `/groups/${subgroupId}/members`, { body: { user_id: ids['sub-member'], access_level: 20 } });
      await t.api('POST', '/projects', { body: { name: 'Web app', path: 'web', namespace_id: privateId, description: 'the site' } });
      await t.api('POST', '/projects', { body: { name: 'API', path: 'api', namespace_id: subgroupId } });
      publicId = (await t.api('POST', '/groups', { body: { name: 'Open source', path: 'oss', visibility: 'public' } })).body.id;
      await t.api('POST', '/projects', { body: { name: 'Lib', path: 'lib', namespace_id: publicId, visibility: 'public' } });
    });
    after(() => t.close());

    test('the overview shows name, path, description, visibility, subgroups and projects with links, to every member', async () => {
      for (const client of [owner, maintainer, developer]) {
        const page = await client.get('/platform');
        assert.equal(page.status, 200);
        const text = textOf(page.body);
        assert.match(text, /Platform\s+private/);
        assert.match(text, /platform/);
        assert.match(text, /The platform team/);
        assert.match(page.body, /<a href="\/platform\/backend"><strong>Backend<\/strong><\/a>/);
        assert.match(page.body, /<a href="\/platform\/web"><strong>Web app<\/strong><\/a>/);
        assert.match(text, /Subgroups \(1\)/);
        assert.match(text, /Projects \(1\)/);
      }
      // GitLab answers /groups/<full path> too.
      assert.equal((await developer.get('/groups/platform')).status, 200);
    });

    test('New subgroup and New project are offered to Maintainers and Owners only', async () => {
      for (const client of [owner, maintainer]) {
        const page = await client.get('/platform');
        assert.match(page.body, new RegExp(`href="/groups/new\\?parent_id=${privateId}"[^>]*>\\s*New subgroup`));
        assert.match(page.body, new RegExp(`href="/projects/new\\?namespace_id=${privateId}"[^>]*>\\s*New project`));
      }
      const page = await developer.get('/platform');
      assert.doesNotMatch(page.body, /New subgroup|New project/);
    });

    test('a private group is 404 to a non-member and sends a signed-out visitor to sign in, as a private project', async () => {
      for (const path of ['/platform', '/groups/platform', '/platform/backend', '/groups/platform/backend', '/groups/platform/-/group_members']) {
        assert.equal((await outsider.get(path)).status, 404, path);
        const signedOut = await anonymous().get(path);
        assert.equal(signedOut.status, 303, path);
        assert.match(String(signedOut.headers.location), /^\/users\/sign_in/);
      }
      assert.equal((await outsider.get('/groups/platform/-/settings/access_tokens')).status, 404);
      assert.equal((await outsider.get('/no-such-group')).status, 404);
    });

    test('a public group is seen by non-members and signed out; its Members page needs sign-in', async () => {
      for (const client of [outsider, anonymous()]) {
        const page = await client.get('/oss');
        assert.equal(page.status, 200);
        assert.match(textOf(page.body), /Open source\s+public/);
        assert.match(page.body, /href="\/oss\/lib"/);
        assert.doesNotMatch(page.body, /New subgroup|New project/);
      }
      assert.equal((await outsider.get('/groups/oss/-/group_members')).status, 200);
      assert.equal((await anonymous().get('/groups/oss/-/group_members')).status, 303);
      // Token settings are the Owners': a non-member of a public group is refused.
      assert.equal((await outsider.get('/groups/oss/-/settings/access_tokens')).status, 403);
    });

    test('a subgroup: breadcrumbs show the group chain; its Members page lists inherited members with their source', async () => {
      const overview = await developer.get('/platform/backend');
      assert.equal(overview.status, 200);
      assert.match(overview.body, /<a href="\/platform">platform<\/a>.*<span aria-current="page">backend<\/span>/s);
      assert.match(overview.body, /href="\/platform\/backend\/api"/);
      const members = await developer.get('/groups/platform/backend/-/group_members');
      assert.equal(members.status, 200);
      assert.match(textOf(rowOf(members.body, 'sub-member')!), /Direct member\s+Reporter/);
      assert.match(textOf(rowOf(members.body, 'olga')!), /Inherited from platform\s+Owner/);
      assert.match(textOf(rowOf(members.body, 'dev')!), /Inherited from platform\s+Developer/);
      // An Owner of the parent manages the subgroup's direct members, never the inherited ones here.
      const asOwner = await owner.get('/groups/platform/backend/-/group_members');
      assert.match(rowOf(asOwner.body, 'sub-member')!, /<form/);
      assert.doesNotMatch(rowOf(asOwner.body, 'dev')!, /<form/);
    });

    test('a project in a subgroup: its page answers with the full path in breadcrumbs and clone URLs', async () => {
      const project = (await t.api('GET', `/projects/${encodeURIComponent('platform/backend/api')}`)).body;
      const page = await developer.get('/platform/backend/api');
      assert.equal(page.status, 200);
      assert.match(page.body, /<a href="\/platform">platform<\/a>/);
      assert.match(page.body, /<a href="\/platform\/backend">backend<\/a>/);
      assert.ok(page.body.includes(project.http_url_to_repo), 'the HTTP clone URL');
      assert.match(project.http_url_to_repo, /\/platform\/backend\/api\.git$/);
    });

    test('Members: Owners see the invite form and every control; Developers see the list only; the API rules decide', async () => {
      const asDeveloper = await developer.get('/groups/platform/-/group_members');
      assert.equal(asDeveloper.status, 200);
      assert.doesNotMatch(asDeveloper.body, /Invite a member/);
      assert.match(textOf(rowOf(asDeveloper.body, 'mads')!), /Direct member\s+Maintainer/);
      assert.doesNotMatch(rowOf(asDeveloper.body, 'mads')!, /<form/);
      // A Maintainer manages members below Owner, never an Owner.
      const asMaintainer = await maintainer.get('/groups/platform/-/group_members');
      assert.match(asMaintainer.body, /Invite a member/);
      assert.doesNotMatch(asMaintainer.body, /<option value="50"/);
      assert.doesNotMatch(rowOf(asMaintainer.body, 'olga')!, /<form/);

      const asOwner = await owner.get('/groups/platform/-/group_members');
      assert.match(asOwner.body, /<option value="50"/);
      await t.createUser('newbie');
      const added = await owner.post('/groups/platform/-/group_members', { username: 'newbie', access_level: '20', expires_at: '2099-01-01' });
      assert.equal(added.status, 303);
      let page = await owner.get(String(added.headers.location));
      assert.match(textOf(page.body), /The member was added/);
      assert.match(textOf(rowOf(page.body, 'newbie')!), /Direct member\s+Reporter.*2099-01-01/s);
      // The API sees the same membership: it is the same service.
      const newbieId = (await t.api('GET', '/users?username=newbie')).body[0].id;
      assert.equal((await t.api('GET', `/groups/${privateId}/members/${newbieId}`)).body.access_level, 20);

      const changed = await owner.post(`/groups/platform/-/group_members/${newbieId}`, { access_level: '30', expires_at: '' });
      assert.equal(changed.status, 303);
      assert.equal((await t.api('GET', `/groups/${privateId}/members/${newbieId}`)).body.access_level, 30);
      const removed = await owner.post(`/groups/platform/-/group_members/${newbieId}/remove`, {});
      assert.equal(removed.status, 303);
      page = await owner.get(String(removed.headers.location));
      assert.equal(rowOf(page.body, 'newbie'), undefined);

      // A Developer's post is refused as the API refuses it.
      await developer.get('/groups/platform/-/group_members');
      const refused = await developer.post('/groups/platform/-/group_members', { username: 'otto', access_level: '30' });
      assert.equal(refused.status, 403);
      assert.equal((await t.api('GET', `/groups/${privateId}/members/${ids.otto}`)).status, 404);
    });

    test('Members: the last Owner cannot be removed, a bot cannot be added, an unknown user is named', async () => {
      await owner.get('/groups/platform/-/group_members');
      const lastOwner = await owner.post(`/groups/platform/-/group_members/${ids.olga}/remove`, {});
      assert.equal(lastOwner.status, 400);
      assert.match(textOf(lastOwner.body), /A group must keep at least one owner/);
      const projectId = (await t.api('GET', `/projects/${encodeURIComponent('platform/web')}`)).body.id;
      const token = await t.api('POST', `/projects/${projectId}/access_tokens`, { body: { name: 'bot', scopes: ['read_api'] } });
      const bot = (await t.api('GET', `/users/${token.body.user_id}`)).body.username;
      const botRefused = await owner.post('/groups/platform/-/group_members', { username: bot, access_level: '30' });
      assert.equal(botRefused.status, 400);
      assert.match(textOf(botRefused.body), /project bots cannot be added to other groups \/ projects/);
      const unknown = await owner.post('/groups/platform/-/group_members', { username: 'nobody-here', access_level: '30' });
      assert.equal(unknown.status, 404);
      assert.match(textOf(unknown.body), /User Not Found/);
    });

    test('Access Tokens: Owners only (Maintainers and Developers are refused, non-members find nothing)', async () => {
      const page = await owner.get('/groups/platform/-/settings/access_tokens');
      assert.equal(page.status, 200);
      assert.match(textOf(page.body), /Group access tokens/);
      assert.match(textOf(page.body), /gets this role in the group and every project below it/);
      assert.match(textOf(page.body), /Active group access tokens \(0\)/);
      assert.equal((await maintainer.get('/groups/platform/-/settings/access_tokens')).status, 403);
      assert.equal((await developer.get('/groups/platform/-/settings/access_tokens')).status, 403);
      assert.equal((await outsider.get('/groups/platform/-/settings/access_tokens')).status, 404);
      assert.equal((await anonymous().get('/groups/platform/-/settings/access_tokens')).status, 303);
      // The tab shows only where the page opens.
      assert.match((await owner.get('/platform')).body, /Settings › Access Tokens/);
      assert.doesNotMatch((await maintainer.get('/platform')).body, /Settings › Access Tokens/);
    });

    test('a group token: created, shown once, listed, works on the group and its projects, rotated, revoked and refused at once', async () => {
      await owner.get('/groups/platform/-/settings/access_tokens');
      const created = await owner.post('/groups/platform/-/settings/access_tokens', {
        name: 'renovate',
        expires_at: '2099-01-01',
        access_level: '30',
        scopes: ['api', 'read_repository'],
      });
      assert.equal(created.status, 200);
      const plain = shownToken(created.body);
      assert.ok(plain, 'the new token is on the page');
      const listed = await owner.get('/groups/platform/-/settings/access_tokens');
      assert.equal(shownToken(listed.body), undefined, 'shown once only');
      assert.match(textOf(listed.body), /renovate\s+api read_repository\s+Developer/);
      // It reaches a project of a subgroup through inheritance.
      const api = await t.api('GET', `/projects/${encodeURIComponent('platform/backend/api')}`, { token: plain });
      assert.equal(api.status, 200);

      const tokenId = (await t.api('GET', `/groups/${privateId}/access_tokens`)).body[0].id;
      const rotated = await owner.post(`/groups/platform/-/settings/access_tokens/${tokenId}/rotate`, { grace_period_minutes: '60' });
      assert.equal(rotated.status, 200);
      const successor = shownToken(rotated.body);
      assert.ok(successor && successor !== plain);
      assert.equal((await t.api('GET', '/groups/platform', { token: plain })).status, 200, 'the old token works through its grace period');
      assert.equal((await t.api('GET', '/groups/platform', { token: successor })).status, 200);

      const successorId = (await t.api('GET', `/groups/${privateId}/access_tokens?state=active`)).body.find((token: { name: string; id: number }) => token.id !== tokenId).id;
      const revoked = await owner.post(`/groups/platform/-/settings/access_tokens/${successorId}/revoke`, {});
      assert.equal(revoked.status, 303);
      const after = await owner.get(String(revoked.headers.location));
      assert.match(textOf(after.body), /The token was revoked/);
      assert.match(textOf(after.body), /Active group access tokens \(\d\)/);
      assert.doesNotMatch(/<section aria-labelledby="active-tokens-heading">([\s\S]*?)<\/section>/.exec(after.body)![1]!, new RegExp(`/${successorId}/revoke`));
      assert.equal((await t.api('GET', '/groups/platform', { token: successor })).status, 401);
    });

    test('a token form refused by the service comes back with its message (no Owner token from a Maintainer-level creator, no scope)', async () => {
      await owner.get('/groups/platform/-/settings/access_tokens');
      const noScope = await owner.post('/groups/platform/-/settings/access_tokens', { name: 'x', expires_at: '2099-01-01', access_level: '30' });
      assert.equal(noScope.status, 400);
      assert.match(textOf(noScope.body), /Select at least one scope/);
      const maintainerPost = await maintainer.post('/groups/platform/-/settings/access_tokens', { name: 'x', access_level: '30', scopes: ['api'] }, { csrf: owner.csrf });
      assert.equal(maintainerPost.status, 403, 'another session’s CSRF token is refused');
    });

    test('every form refuses a post without its CSRF token', async () => {
      await owner.get('/groups/platform/-/group_members');
      for (const [path, form] of [
        ['/groups/platform/-/group_members', { username: 'otto', access_level: '30' }],
        [`/groups/platform/-/group_members/${ids.dev}/remove`, {}],
        ['/groups/platform/-/settings/access_tokens', { name: 'x', scopes: 'api', access_level: '30' }],
        ['/groups', { name: 'Forged', path: 'forged' }],
      ] as const) {
        const response = await owner.post(path, form, { csrf: null });
        assert.equal(response.status, 403, path);
        assert.match(textOf(response.body), /The form could not be accepted/);
      }
      assert.equal((await t.api('GET', `/groups/${privateId}/members/${ids.otto}`)).status, 404);
      assert.equal((await t.api('GET', '/groups/forged')).status, 404);
    });

    test('the new group form: GitLab validation messages from the same service, subgroups only where allowed', async () => {
      const form = await developer.get('/groups/new');
      assert.equal(form.status, 200);
      // A Developer of platform may not create a subgroup there: it is not offered.
      assert.doesNotMatch(form.body, new RegExp(`<option value="${privateId}"`));
      const taken = await developer.post('/groups', { name: 'Platform again', path: 'platform', visibility: 'private' });
      assert.equal(taken.status, 400);
      const api = await t.api('POST', '/groups', { body: { name: 'Platform again', path: 'platform' } });
      assert.match(textOf(taken.body), /has already been taken/);
      assert.ok(JSON.stringify(api.body).includes('has already been taken'));
      const refusedParent = await developer.post('/groups', { name: 'Sneaky', path: 'sneaky', parent_id: String(privateId), visibility: 'private' });
      assert.equal(refusedParent.status, 403);
      const tooVisible = await maintainer.post('/groups', { name: 'Leaky', path: 'leaky', parent_id: String(privateId), visibility: 'public' }, { csrf: (await maintainer.get('/groups/new')).body && maintainer.csrf });
      assert.equal(tooVisible.status, 400);
      assert.match(textOf(tooVisible.body), /visibility/i);

      const subgroupForm = await maintainer.get(`/groups/new?parent_id=${privateId}`);
      assert.match(subgroupForm.body, new RegExp(`<option value="${privateId}" selected`));
      const made = await maintainer.post('/groups', { name: 'Frontend', path: 'frontend', parent_id: String(privateId), visibility: 'private' });
      assert.equal(made.status, 303);
      assert.equal(made.headers.location, '/platform/frontend?notice=group_created');
      assert.match(textOf((await maintainer.get('/platform/frontend?notice=group_created')).body), /The group was created/);
    });

    test('New project in a group: the form names the group and the project is created there', async () => {
      const form = await maintainer.get(`/projects/new?namespace_id=${privateId}`);
      assert.match(textOf(form.body), /In group platform/);
      const made = await maintainer.post('/projects', { name: 'Docs', path: 'docs', visibility: 'private', namespace_id: String(privateId) });
      assert.equal(made.status, 303);
      assert.equal(made.headers.location, '/platform/docs?notice=project_created');
      const refused = await developer.post('/projects', { name: 'Nope', path: 'nope', visibility: 'private', namespace_id: String(privateId) }, { csrf: (await developer.get('/projects/new')).body && developer.csrf });
      assert.equal(refused.status, 403);
    });

    test('the Groups dashboard lists your groups', async () => {
      const page = await developer.get('/dashboard/groups');
      assert.equal(page.status, 200);
      assert.match(page.body, /<a href="\/platform"><strong>Platform<\/strong><\/a>/);
      assert.match(page.body, /<a href="\/platform\/backend"><strong>Platform \/ Backend<\/strong><\/a>/);
      assert.doesNotMatch(page.body, /Open source/);
      assert.match(page.body, /href="\/groups\/new"/);
    });

    test('a hostile group name and description stay text on every group page', async () => {
      const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';
      await owner.get('/groups/new');
      const made = await owner.post('/groups', { name: 'Evil', path: 'evil', description: hostile, visibility: 'private' });
      assert.equal(made.status, 303);
      const evilId = (await t.api('GET', '/groups/evil')).body.id;
      // GitLab's name rule refuses the markup in a name; the description takes anything.
      await t.api('PUT', `/groups/${evilId}`, { body: { name: 'Evil "quoted" & co' } });
      for (const path of ['/evil', '/groups/evil/-/group_members', '/groups/evil/-/settings/access_tokens', '/dashboard/groups']) {
        const page = await owner.get(path);
        assert.equal(page.status, 200, path);
        assertNoActiveContent(page.body);
        assert.doesNotMatch(page.body, /<script>alert|<img src=x/);
      }
      assert.ok(textOf((await owner.get('/evil')).body).includes(hostile));
    });
  });
}
