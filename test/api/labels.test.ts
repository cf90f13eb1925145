import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { addMember, createProject, createProjectToken, INSUFFICIENT_SCOPE, type TestProject } from '../helpers/project-tokens.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

type User = { id: number; token: string };

const names = (body: { name: string }[]) => body.map((label) => label.name);

for (const dialect of DIALECTS) {
  describe(`project labels API (${dialect})`, () => {
    let t: TestApp;
    let owner: User;
    let planner: User;
    let reporter: User;
    let guest: User;
    let outsider: User;
    let project: TestProject;
    let pub: TestProject;

    before(async () => {
      t = await startTestApp(dialect);
      owner = await t.createUser('owner');
      planner = await t.createUser('planner');
      reporter = await t.createUser('reporter');
      guest = await t.createUser('guest');
      outsider = await t.createUser('outsider');
      project = await createProject(t, owner.token, 'tracker');
      pub = await createProject(t, owner.token, 'open', 'public');
      await addMember(t, project.id, planner.id, 15);
      await addMember(t, project.id, reporter.id, 20);
      await addMember(t, project.id, guest.id, 10);
    });
    after(() => t.close());

    const labels = (id = project.id) => `/projects/${id}/labels`;

    test('POST /projects/:id/labels returns 201 with GitLab’s project label entity', async () => {
      const res = await t.api('POST', labels(), {
        token: reporter.token,
        body: { name: 'bug', color: '#d9534f', description: 'Broken <b>badly</b>', priority: 10 },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.deepEqual(res.body, {
        id: res.body.id,
        name: 'bug',
        color: '#d9534f',
        description: 'Broken <b>badly</b>',
        description_html: 'Broken &lt;b&gt;badly&lt;/b&gt;',
        text_color: '#FFFFFF',
        remove_on_close: false,
        subscribed: false,
        priority: 10,
        is_project_label: true,
      });
      assert.equal(typeof res.body.id, 'number');
    });

    test('POST /projects/:id/labels takes a CSS color name (kept as hex), #RGB, and picks dark text for light colors', async () => {
      const named = await t.api('POST', labels(), { token: owner.token, body: { name: 'urgent', color: 'Red' } });
      assert.equal(named.status, 201);
      assert.deepEqual([named.body.color, named.body.text_color, named.body.description, named.body.priority], ['#FF0000', '#FFFFFF', null, null]);
      const light = await t.api('POST', labels(), { token: owner.token, body: { name: 'docs', color: 'lightyellow' } });
      assert.deepEqual([light.body.color, light.body.text_color], ['#FFFFE0', '#333333']);
      const short = await t.api('POST', labels(), { token: owner.token, body: { name: 'chore', color: '#fff' } });
      assert.deepEqual([short.body.color, short.body.text_color], ['#fff', '#333333']);
    });

    test('POST /projects/:id/labels returns 409 for a name the project already has; another case is another label', async () => {
      await t.api('POST', labels(), { token: owner.token, body: { name: 'duplicate', color: '#000000' } });
      for (const name of ['duplicate', '  duplicate ']) {
        const res = await t.api('POST', labels(), { token: owner.token, body: { name, color: '#FFFFFF' } });
        assert.equal(res.status, 409, name);
        assert.deepEqual(res.body, { message: 'Label already exists' });
      }
      const other = await t.api('POST', labels(), { token: owner.token, body: { name: 'Duplicate', color: '#FFFFFF' } });
      assert.equal(other.status, 201);
      // Names are unique per project, not per instance.
      assert.equal((await t.api('POST', labels(pub.id), { token: owner.token, body: { name: 'duplicate', color: '#000' } })).status, 201);
    });

    test('POST /projects/:id/labels returns GitLab’s 400s for missing and invalid fields', async () => {
      const cases: [Record<string, unknown>, unknown][] = [
        [{ color: '#FFAABB' }, { error: 'name is missing' }],
        [{ name: 'no-color' }, { error: 'color is missing' }],
        [{ name: 'short', color: '#FFAA' }, { message: { color: ['must be a valid color code'] } }],
        [{ name: 'long', color: '#FFAAFFFF' }, { message: { color: ['must be a valid color code'] } }],
        [{ name: 'unknown', color: 'not-a-color' }, { message: { color: ['must be a valid color code'] } }],
        [{ name: 'a,b', color: '#FFAABB' }, { message: { title: ['is invalid'] } }],
        [{ name: '   ', color: '#FFAABB' }, { message: { title: ["can't be blank"] } }],
        [{ name: 'x'.repeat(256), color: '#FFAABB' }, { message: { title: ['is too long (maximum is 255 characters)'] } }],
        [{ name: 'negative', color: '#FFAABB', priority: -1 }, { message: { priority: ['must be greater than or equal to 0'] } }],
        [{ name: 'nan', color: '#FFAABB', priority: 'high' }, { error: 'priority is invalid' }],
        [{ name: ['array'], color: '#FFAABB' }, { error: 'name is invalid' }],
      ];
      for (const [body, expected] of cases) {
        const res = await t.api('POST', labels(), { token: owner.token, body });
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.deepEqual(res.body, expected, JSON.stringify(body));
      }
    });

    test('GET /projects/:id/labels lists by name, searches, paginates, and counts issues only with with_counts', async () => {
      const p = await createProject(t, owner.token, 'listing');
      for (const [name, description] of [
        ['feature', 'New things'],
        ['Bug', 'Something broke'],
        ['backend', null],
      ]) {
        assert.equal((await t.api('POST', labels(p.id), { token: owner.token, body: { name, color: '#123456', description } })).status, 201);
      }
      await t.api('POST', `/projects/${p.id}/issues`, { token: owner.token, body: { title: 'open one', labels: 'feature' } });
      const closed = await t.api('POST', `/projects/${p.id}/issues`, { token: owner.token, body: { title: 'closed one', labels: 'feature,Bug' } });
      await t.api('PUT', `/projects/${p.id}/issues/${closed.body.iid}`, { token: owner.token, body: { state_event: 'close' } });

      const all = await t.api('GET', labels(p.id), { token: owner.token });
      assert.equal(all.status, 200);
      assert.deepEqual(names(all.body), ['Bug', 'backend', 'feature']);
      assert.equal(all.headers['x-total'], '3');
      assert.equal('open_issues_count' in all.body[0], false);

      const counted = await t.api('GET', `${labels(p.id)}?with_counts=true`, { token: owner.token });
      assert.deepEqual(
        counted.body.map((l: Record<string, unknown>) => [l.name, l.open_issues_count, l.closed_issues_count, l.open_merge_requests_count]),
        [
          ['Bug', 0, 1, 0],
          ['backend', 0, 0, 0],
          ['feature', 1, 1, 0],
        ],
      );

      assert.deepEqual(names((await t.api('GET', `${labels(p.id)}?search=BROKE`, { token: owner.token })).body), ['Bug']);
      assert.deepEqual(names((await t.api('GET', `${labels(p.id)}?search=e`, { token: owner.token })).body), ['Bug', 'backend', 'feature']);
      const page = await t.api('GET', `${labels(p.id)}?per_page=2&page=2`, { token: owner.token });
      assert.deepEqual(names(page.body), ['feature']);
      assert.equal(page.headers['x-prev-page'], '1');
      const bad = await t.api('GET', `${labels(p.id)}?with_counts=maybe`, { token: owner.token });
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.body, { error: 'with_counts is invalid' });
    });

    test('GET /projects/:id/labels/:label_id finds a label by id or by (URL-encoded) name, 404 otherwise', async () => {
      const created = await t.api('POST', labels(), { token: owner.token, body: { name: 'needs review/ui', color: '#00ff00' } });
      const byId = await t.api('GET', `${labels()}/${created.body.id}`, { token: guest.token });
      assert.equal(byId.status, 200);
      assert.equal(byId.body.name, 'needs review/ui');
      const byName = await t.api('GET', `${labels()}/${encodeURIComponent('needs review/ui')}`, { token: guest.token });
      assert.equal(byName.body.id, created.body.id);
      // A label named like a number is found by name when no label has that id.
      const numeric = await t.api('POST', labels(), { token: owner.token, body: { name: '987654', color: '#00ff00' } });
      assert.equal((await t.api('GET', `${labels()}/987654`, { token: guest.token })).body.id, numeric.body.id);
      for (const ref of ['missing', '99999999', encodeURIComponent('x'.repeat(300))]) {
        const res = await t.api('GET', `${labels()}/${ref}`, { token: guest.token });
        assert.equal(res.status, 404, ref);
        assert.deepEqual(res.body, { message: '404 Label Not Found' });
      }
      // Another project's label is not this project's.
      const foreign = await t.api('POST', labels(pub.id), { token: owner.token, body: { name: 'foreign', color: '#000' } });
      assert.equal((await t.api('GET', `${labels()}/${foreign.body.id}`, { token: owner.token })).status, 404);
    });

    test('PUT /projects/:id/labels/:label_id renames, recolors, describes and (un)prioritizes', async () => {
      const created = await t.api('POST', labels(), { token: owner.token, body: { name: 'documentation', color: '#f0ad4e', priority: 3 } });
      const res = await t.api('PUT', `${labels()}/documentation`, {
        token: planner.token,
        body: { new_name: 'manual', color: 'purple', description: 'Documentation' },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(
        [res.body.id, res.body.name, res.body.color, res.body.description, res.body.priority],
        [created.body.id, 'manual', '#800080', 'Documentation', 3],
      );
      const unprioritized = await t.api('PUT', `${labels()}/${created.body.id}`, { token: owner.token, body: { priority: null } });
      assert.equal(unprioritized.body.priority, null);
      const cleared = await t.api('PUT', `${labels()}/manual`, { token: owner.token, body: { description: null, priority: 0 } });
      assert.deepEqual([cleared.body.description, cleared.body.description_html, cleared.body.priority], [null, null, 0]);
      assert.equal((await t.api('GET', `${labels()}/documentation`, { token: owner.token })).status, 404);
    });

    test('PUT /projects/:id/labels/:label_id returns 400 without changes, for a taken or invalid name, 404 for an unknown label', async () => {
      await t.api('POST', labels(), { token: owner.token, body: { name: 'taken', color: '#000000' } });
      await t.api('POST', labels(), { token: owner.token, body: { name: 'renamed', color: '#000000' } });
      const none = await t.api('PUT', `${labels()}/renamed`, { token: owner.token, body: {} });
      assert.equal(none.status, 400);
      assert.deepEqual(none.body, { error: 'new_name, color, description, priority are missing, at least one parameter must be provided' });
      const taken = await t.api('PUT', `${labels()}/renamed`, { token: owner.token, body: { new_name: 'taken' } });
      assert.equal(taken.status, 400);
      assert.deepEqual(taken.body, { message: { title: ['has already been taken'] } });
      const invalid = await t.api('PUT', `${labels()}/renamed`, { token: owner.token, body: { new_name: 'a,b', color: '#12' } });
      assert.deepEqual(invalid.body, { message: { title: ['is invalid'], color: ['must be a valid color code'] } });
      const same = await t.api('PUT', `${labels()}/renamed`, { token: owner.token, body: { new_name: 'renamed' } });
      assert.equal(same.status, 200);
      const unknown = await t.api('PUT', `${labels()}/nothing-here`, { token: owner.token, body: { color: '#000' } });
      assert.equal(unknown.status, 404);
      assert.deepEqual(unknown.body, { message: '404 Label Not Found' });
    });

    test('DELETE /projects/:id/labels/:label_id returns 204 and the label is gone', async () => {
      await t.api('POST', labels(), { token: owner.token, body: { name: 'doomed', color: '#000000' } });
      const res = await t.api('DELETE', `${labels()}/doomed`, { token: reporter.token });
      assert.equal(res.status, 204);
      assert.equal((await t.api('GET', `${labels()}/doomed`, { token: owner.token })).status, 404);
      const again = await t.api('DELETE', `${labels()}/doomed`, { token: reporter.token });
      assert.equal(again.status, 404);
      assert.deepEqual(again.body, { message: '404 Label Not Found' });
    });

    test('labels need Planner or above to write; a Guest and a public project’s outsider only read', async () => {
      await t.api('POST', labels(), { token: owner.token, body: { name: 'guarded', color: '#000000' } });
      await t.api('POST', labels(pub.id), { token: owner.token, body: { name: 'guarded', color: '#000000' } });
      const cases: [User, TestProject][] = [
        [guest, project],
        [outsider, pub],
      ];
      for (const [user, target] of cases) {
        assert.equal((await t.api('GET', labels(target.id), { token: user.token })).status, 200);
        assert.equal((await t.api('GET', `${labels(target.id)}/guarded`, { token: user.token })).status, 200);
        for (const [method, path, body] of [
          ['POST', labels(target.id), { name: 'sneaky', color: '#000000' }],
          ['PUT', `${labels(target.id)}/guarded`, { color: '#ffffff' }],
          ['DELETE', `${labels(target.id)}/guarded`, undefined],
        ] as const) {
          const res = await t.api(method, path, { token: user.token, body });
          assert.equal(res.status, 403, `${method} ${path}`);
          assert.deepEqual(res.body, { message: '403 Forbidden' });
        }
      }
      assert.equal((await t.api('GET', `${labels()}/guarded`, { token: owner.token })).body.color, '#000000');
      const created = await t.api('POST', labels(), { token: planner.token, body: { name: 'by-planner', color: '#000000' } });
      assert.equal(created.status, 201);
    });

    test('labels of a private project are 404 to an outsider; anonymous callers get 401 even on a public project', async () => {
      for (const [method, path] of [
        ['GET', labels()],
        ['POST', labels()],
        ['GET', `${labels()}/guarded`],
      ] as const) {
        const res = await t.api(method, path, { token: outsider.token, body: method === 'POST' ? { name: 'x', color: '#000' } : undefined });
        assert.equal(res.status, 404, `${method} ${path}`);
        assert.deepEqual(res.body, { message: '404 Project Not Found' });
      }
      const anonymous = await t.api('GET', labels(pub.id), { token: null });
      assert.equal(anonymous.status, 401);
      assert.deepEqual(anonymous.body, { message: '401 Unauthorized' });
    });

    test('a read_api token lists labels but may not create one; a project bot with api and Reporter creates one', async () => {
      const reader = await t.createUser('reader', { scopes: ['read_api'] });
      await addMember(t, project.id, reader.id, 40);
      assert.equal((await t.api('GET', labels(), { token: reader.token })).status, 200);
      const refused = await t.api('POST', labels(), { token: reader.token, body: { name: 'read-only', color: '#000' } });
      assert.equal(refused.status, 403);
      assert.deepEqual(refused.body, { error: 'insufficient_scope', error_description: INSUFFICIENT_SCOPE, scope: 'api' });
      const bot = await createProjectToken(t, project.id, { name: 'triage-bot', scopes: ['api'], access_level: 20 }, owner.token);
      const created = await t.api('POST', labels(), { token: bot.token, body: { name: 'triaged', color: 'green' } });
      assert.equal(created.status, 201);
      assert.equal(created.body.color, '#008000');
    });
  });
}
