import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { addMember, createProject, type TestProject } from '../helpers/project-tokens.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

type User = { id: number; token: string };

for (const dialect of DIALECTS) {
  describe(`issue labels (${dialect})`, () => {
    let t: TestApp;
    let owner: User;
    let reporter: User;
    let outsider: User;
    let project: TestProject;

    before(async () => {
      t = await startTestApp(dialect);
      owner = await t.createUser('owner');
      reporter = await t.createUser('reporter');
      outsider = await t.createUser('outsider');
      project = await createProject(t, owner.token, 'tracker', 'public');
      await addMember(t, project.id, reporter.id, 20);
      const bug = await t.api('POST', `/projects/${project.id}/labels`, { token: owner.token, body: { name: 'bug', color: '#d9534f' } });
      assert.equal(bug.status, 201);
    });
    after(() => t.close());

    const issues = () => `/projects/${project.id}/issues`;
    const open = async (title: string, labels?: unknown, token = reporter.token) => {
      const res = await t.api('POST', issues(), { token, body: { title, ...(labels !== undefined && { labels }) } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body as { iid: number; labels: string[] };
    };
    const label = async (name: string) => (await t.api('GET', `/projects/${project.id}/labels/${encodeURIComponent(name)}`, { token: owner.token })).body;
    const titles = async (query: string) =>
      (await t.api('GET', `${issues()}?${query}&sort=asc&per_page=100`, { token: reporter.token })).body.map((i: { title: string }) => i.title);

    test('POST /projects/:id/issues stores comma-separated labels, sorted by name, creating the missing ones with the default color', async () => {
      const issue = await open('Crash on start', ' needs-triage,bug , Zeta,bug');
      assert.deepEqual(issue.labels, ['Zeta', 'bug', 'needs-triage']);
      const created = await label('needs-triage');
      assert.deepEqual([created.color, created.text_color, created.description], ['#6699cc', '#FFFFFF', null]);
      assert.equal((await label('bug')).color, '#d9534f');
      const shown = await t.api('GET', `${issues()}/${issue.iid}`, { token: outsider.token });
      assert.deepEqual(shown.body.labels, ['Zeta', 'bug', 'needs-triage']);
    });

    test('POST /projects/:id/issues takes labels as a JSON array too', async () => {
      const issue = await open('From a JSON client', ['ui', 'bug']);
      assert.deepEqual(issue.labels, ['bug', 'ui']);
    });

    test('POST /projects/:id/issues drops the labels of a caller who may not label issues, and creates none', async () => {
      const issue = await open('Drive-by report', 'bug,spam-label', outsider.token);
      assert.deepEqual(issue.labels, []);
      assert.equal((await t.api('GET', `/projects/${project.id}/labels/spam-label`, { token: owner.token })).status, 404);
    });

    test('PUT /projects/:id/issues/:iid replaces labels, adds and removes them, and clears them with an empty string', async () => {
      const { iid } = await open('Relabel me', 'bug');
      const put = (body: Record<string, unknown>) => t.api('PUT', `${issues()}/${iid}`, { token: reporter.token, body });
      assert.deepEqual((await put({ labels: 'ui,backend' })).body.labels, ['backend', 'ui']);
      assert.deepEqual((await put({ add_labels: 'bug,ui' })).body.labels, ['backend', 'bug', 'ui']);
      assert.deepEqual((await put({ remove_labels: 'backend,never-existed' })).body.labels, ['bug', 'ui']);
      assert.deepEqual((await put({ labels: 'docs', add_labels: 'bug', remove_labels: 'docs' })).body.labels, ['bug']);
      assert.deepEqual((await put({ title: 'Relabelled' })).body.labels, ['bug']);
      assert.deepEqual((await put({ labels: '' })).body.labels, []);
      assert.equal((await label('never-existed')).message, '404 Label Not Found');
    });

    test('PUT /projects/:id/issues/:iid ignores labels from an author who may not label issues', async () => {
      const { iid } = await open('Mine', undefined, outsider.token);
      const res = await t.api('PUT', `${issues()}/${iid}`, { token: outsider.token, body: { title: 'Mine, edited', add_labels: 'bug' } });
      assert.equal(res.status, 200);
      assert.deepEqual([res.body.title, res.body.labels], ['Mine, edited', []]);
    });

    test('GET /projects/:id/issues filters by labels (all of them), not[labels], None and Any', async () => {
      const p = await createProject(t, owner.token, 'filtering');
      const make = async (title: string, labels?: string) =>
        assert.equal((await t.api('POST', `/projects/${p.id}/issues`, { token: owner.token, body: { title, labels } })).status, 201);
      await make('plain');
      await make('bug only', 'bug');
      await make('bug and ui', 'bug,ui');
      await make('ui only', 'ui');
      const list = async (query: string) => {
        const res = await t.api('GET', `/projects/${p.id}/issues?${query}&sort=asc`, { token: owner.token });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return res.body.map((i: { title: string }) => i.title);
      };
      assert.deepEqual(await list('labels=bug'), ['bug only', 'bug and ui']);
      assert.deepEqual(await list('labels=bug,ui'), ['bug and ui']);
      assert.deepEqual(await list('labels[]=ui&labels[]=bug'), ['bug and ui']);
      assert.deepEqual(await list('labels=unknown'), []);
      assert.deepEqual(await list('not[labels]=bug'), ['plain', 'ui only']);
      assert.deepEqual(await list('not[labels]=bug,ui'), ['plain']);
      assert.deepEqual(await list('labels=ui&not[labels]=bug'), ['ui only']);
      assert.deepEqual(await list('labels=None'), ['plain']);
      assert.deepEqual(await list('labels=none'), ['plain']);
      assert.deepEqual(await list('labels=Any'), ['bug only', 'bug and ui', 'ui only']);
      const counted = await t.api('GET', `/projects/${p.id}/issues?labels=Any&per_page=1`, { token: owner.token });
      assert.equal(counted.headers['x-total'], '3');
    });

    test('GET /projects/:id/issues?with_labels_details=true returns label objects instead of names', async () => {
      const p = await createProject(t, owner.token, 'details');
      await t.api('POST', `/projects/${p.id}/labels`, { token: owner.token, body: { name: 'bug', color: '#d9534f', description: 'Broken' } });
      await t.api('POST', `/projects/${p.id}/issues`, { token: owner.token, body: { title: 'detailed', labels: 'bug,new' } });
      const res = await t.api('GET', `/projects/${p.id}/issues?with_labels_details=true`, { token: owner.token });
      assert.equal(res.status, 200);
      const [bug, fresh] = res.body[0].labels;
      assert.deepEqual(bug, {
        id: bug.id,
        name: 'bug',
        color: '#d9534f',
        description: 'Broken',
        description_html: 'Broken',
        text_color: '#FFFFFF',
        remove_on_close: false,
      });
      assert.deepEqual([fresh.name, fresh.color], ['new', '#6699cc']);
      const plain = await t.api('GET', `/projects/${p.id}/issues?with_labels_details=false`, { token: owner.token });
      assert.deepEqual(plain.body[0].labels, ['bug', 'new']);
    });

    test('DELETE /projects/:id/labels/:label_id takes the label off every issue that had it', async () => {
      const first = await open('Obsolete one', 'obsolete,bug');
      const second = await open('Obsolete two', 'obsolete');
      const before = await titles('labels=obsolete');
      assert.deepEqual(before, ['Obsolete one', 'Obsolete two']);
      assert.equal((await t.api('DELETE', `/projects/${project.id}/labels/obsolete`, { token: owner.token })).status, 204);
      assert.deepEqual(await titles('labels=obsolete'), []);
      assert.deepEqual((await t.api('GET', `${issues()}/${first.iid}`, { token: owner.token })).body.labels, ['bug']);
      assert.deepEqual((await t.api('GET', `${issues()}/${second.iid}`, { token: owner.token })).body.labels, []);
      // Naming it again creates a new label.
      const again = await open('Obsolete three', 'obsolete');
      assert.deepEqual(again.labels, ['obsolete']);
      assert.equal((await label('obsolete')).color, '#6699cc');
    });

    test('renaming a label renames it on its issues', async () => {
      const { iid } = await open('Renamed label', 'old-name');
      await t.api('PUT', `/projects/${project.id}/labels/old-name`, { token: owner.token, body: { new_name: 'new-name' } });
      assert.deepEqual((await t.api('GET', `${issues()}/${iid}`, { token: owner.token })).body.labels, ['new-name']);
      assert.deepEqual(await titles('labels=new-name'), ['Renamed label']);
    });

    test('POST /projects/:id/issues returns 400 for labels that are not strings or are too many', async () => {
      const nested = await t.api('POST', issues(), { token: reporter.token, body: { title: 'odd', labels: { a: 1 } } });
      assert.equal(nested.status, 400);
      assert.deepEqual(nested.body, { error: 'labels is invalid' });
      const many = await t.api('POST', issues(), { token: reporter.token, body: { title: 'many', labels: Array.from({ length: 101 }, (_, i) => `l${i}`) } });
      assert.equal(many.status, 400);
      assert.deepEqual(many.body, { error: 'labels is invalid' });
      const long = await t.api('POST', issues(), { token: reporter.token, body: { title: 'long', labels: 'x'.repeat(256) } });
      assert.equal(long.status, 400);
    });
  });
}
