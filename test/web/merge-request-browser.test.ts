import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Dialog, type Page } from 'playwright-core';
import { DIALECTS } from '../helpers/databases.ts';
import { createProject } from '../helpers/project-tokens.ts';
import { ROOT_PASSWORD, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { WebClient } from './web-client.ts';

// Debian's chromium, driven by playwright-core (as browser.test.ts); LATCHKEY_CHROMIUM overrides the path.
const CHROMIUM = process.env.LATCHKEY_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const ARTIFACTS = process.env.LATCHKEY_TEST_ARTIFACTS ?? path.join(fileURLToPath(new URL('../..', import.meta.url)), 'test-artifacts');
const HOSTILE_TITLE = 'Add the parser <img src=x onerror=alert(1)>';
const HOSTILE_DESCRIPTION = 'Adds **parsing**.\n\n<script>alert(2)</script> [docs](docs/guide.md) [bad](javascript:alert(3))';

// One browser for the whole file; each dialect its own server.
let browser: Browser;
before(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  mkdirSync(path.join(ARTIFACTS, 'web'), { recursive: true });
});
after(async () => {
  await browser?.close();
});

for (const dialect of DIALECTS) {
  describe(`merge request pages in Chromium (${dialect})`, () => {
    let t: TestApp;
    let base: string;
    let contexts: BrowserContext[] = [];

    before(async () => {
      t = await startTestApp(dialect);
      await t.app.http.listen({ host: '127.0.0.1', port: 0 });
      base = `http://127.0.0.1:${(t.app.http.server.address() as AddressInfo).port}`;
    });
    afterEach(async () => {
      await Promise.all(contexts.map((context) => context.close()));
      contexts = [];
    });
    after(async () => {
      await t?.close();
    });

    /** A tab signed in as root; every dialog it opens is recorded (a script from content would show up here). */
    async function openTab(): Promise<{ page: Page; dialogs: string[] }> {
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
      contexts.push(context);
      const web = new WebClient(t);
      assert.equal((await web.signIn('root', ROOT_PASSWORD)).status, 303);
      await context.addCookies([...web.cookies].map(([name, value]) => ({ name, value, url: base })));
      const dialogs: string[] = [];
      const page = await context.newPage();
      page.on('dialog', (dialog: Dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      return { page, dialogs };
    }

    /** A full-page screenshot in test-artifacts/web, replaced atomically. */
    async function shot(page: Page, name: string): Promise<void> {
      const file = path.join(ARTIFACTS, 'web', `${dialect}-${name}.png`);
      const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      writeFileSync(temporary, await page.screenshot({ fullPage: true }));
      renameSync(temporary, file);
    }

    test('opens a merge request from the list, reads its diff, comments and merges it; hostile text never runs', async () => {
      const project = await createProject(t, t.rootToken, 'parser');
      const api = async (method: string, url: string, body: Record<string, unknown>) => {
        const res = await t.api(method, `/projects/${project.id}${url}`, { body });
        assert.ok(res.status < 300, JSON.stringify(res.body));
        return res.body as Record<string, unknown>;
      };
      const file = (branch: string, name: string, content: string, start?: string) =>
        api('POST', `/repository/files/${encodeURIComponent(name)}`, { branch, content, commit_message: `Write ${name}`, ...(start && { start_branch: start }) });
      await file('main', 'README.md', '# Parser\n');
      await file('feature', 'src/parse.ts', 'export const parse = (text: string) => text.split("<b>");\n', 'main');
      await file('feature', 'docs/guide.md', 'How to <em>parse</em>.\n');
      const mr = await api('POST', '/merge_requests', { source_branch: 'feature', target_branch: 'main', title: HOSTILE_TITLE, description: HOSTILE_DESCRIPTION });
      await api('POST', '/merge_requests', { source_branch: 'main', target_branch: 'feature', title: 'Draft: the other way' });
      await api('POST', `/statuses/${mr.sha as string}`, { state: 'success', ref: 'feature', name: 'ci/build', target_url: 'https://ci.example/1' });

      const { page, dialogs } = await openTab();
      await page.goto(`${base}/${project.path}`);
      await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Merge requests' }).click();
      assert.equal(new URL(page.url()).pathname, `/${project.path}/-/merge_requests`);
      assert.equal(await page.locator('li.mr-item').count(), 2);
      await shot(page, 'merge-requests');

      await page.getByRole('link', { name: HOSTILE_TITLE }).click();
      assert.equal(new URL(page.url()).pathname, `/${project.path}/-/merge_requests/${mr.iid as number}`);
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), `${HOSTILE_TITLE} !${mr.iid as number}`);
      assert.equal(await page.locator('.mr-description strong').innerText(), 'parsing');
      assert.match(await page.locator('.mr-description').innerText(), /<script>alert\(2\)<\/script>/);
      assert.equal(await page.getByRole('link', { name: 'docs' }).getAttribute('href'), `/${project.path}/-/blob/feature/docs/guide.md`);
      assert.equal(await page.getByRole('link', { name: 'ci/build' }).getAttribute('href'), 'https://ci.example/1');
      assert.equal(await page.locator('#mr-readiness').innerText(), 'Ready to merge');
      await shot(page, 'merge-request');

      await page.getByRole('navigation', { name: 'Merge request' }).getByRole('link', { name: /Changes/ }).click();
      assert.equal(await page.locator('details.diff-file').count(), 2);
      assert.match(await page.locator('table.diff-table').first().innerText(), /parse/);
      assert.ok((await page.content()).includes('&lt;em&gt;parse&lt;/em&gt;') || (await page.locator('body').innerText()).includes('<em>parse</em>'));
      await shot(page, 'merge-request-diff');

      await page.getByRole('navigation', { name: 'Merge request' }).getByRole('link', { name: 'Overview' }).click();
      await page.getByLabel('Comment').fill('Ship it **now** <img src=x onerror=alert(4)>');
      await page.getByRole('button', { name: 'Comment', exact: true }).click();
      assert.equal(await page.getByRole('status').innerText(), 'Your comment was added.');
      assert.equal(await page.locator('li.mr-note .markdown strong').innerText(), 'now');
      assert.match(await page.locator('li.mr-note .markdown').innerText(), /<img src=x onerror=alert\(4\)>/);
      await page.getByLabel('Delete source branch').check();
      await page.getByRole('button', { name: 'Merge', exact: true }).click();
      assert.equal(await page.getByRole('status').innerText(), 'The merge request was merged.');
      assert.match(await page.locator('#mr-readiness').innerText(), /^Merged/);
      const merged = await t.api('GET', `/projects/${project.id}/merge_requests/${mr.iid as number}`);
      assert.equal((merged.body as { state: string }).state, 'merged');
      assert.equal((await t.api('GET', `/projects/${project.id}/repository/branches/feature`)).status, 404, 'the source branch was deleted as asked');
      assert.deepEqual(dialogs, []);
    });
  });
}
