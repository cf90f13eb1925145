import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Dialog, Page } from 'playwright-core';
import { DIALECTS } from '../helpers/databases.ts';
import { createProject, createProjectToken, type TestProject } from '../helpers/project-tokens.ts';
import { ROOT_PASSWORD, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { launchChromium, saveScreenshot } from './chromium.ts';
import { WebClient } from './web-client.ts';

const WARNING = "Make sure you save it - you won't be able to access it again.";
const XSS = '<script>alert(1)</script>';
const run = promisify(execFile);

// One browser launch for the whole file (playwright gives it a fresh temporary profile and removes
// it on close); each dialect gets its own server. Every test opens its own tabs (browser contexts)
// and sets up what it needs through the API, never through another test's clicks, so any test can
// run alone (--test-name-pattern) and one failing leaves the others alone.
let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

async function api(base: string, url: string, token: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${base}/api/v4${url}`, { headers: { 'private-token': token } });
  return { status: response.status, body: await response.json() };
}

/** A tab of its own: every dialog it opened, in order (a `<script>` that ran would show up here). */
interface Tab {
  page: Page;
  dialogs: string[];
  /** How the next confirmation dialogs are answered. */
  answer: 'accept' | 'dismiss';
}

for (const dialect of DIALECTS) {
  describe(`web UI in Chromium (${dialect})`, () => {
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

    /** A fresh browser context and tab, signed in as root (a session made through the sign-in form over inject) unless told otherwise. */
    async function openTab(options: { signedIn?: boolean; javaScriptEnabled?: boolean } = {}): Promise<Tab> {
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, javaScriptEnabled: options.javaScriptEnabled ?? true });
      contexts.push(context);
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
      if (options.signedIn ?? true) {
        const web = new WebClient(t);
        const signedIn = await web.signIn('root', ROOT_PASSWORD);
        assert.equal(signedIn.status, 303, signedIn.body);
        await context.addCookies([...web.cookies].map(([name, value]) => ({ name, value, url: base })));
      }
      const tab: Tab = { page: await context.newPage(), dialogs: [], answer: 'accept' };
      tab.page.on('dialog', (dialog: Dialog) => {
        tab.dialogs.push(dialog.message());
        void (tab.answer === 'accept' ? dialog.accept() : dialog.dismiss());
      });
      return tab;
    }

    const shot = (page: Page, name: string) => saveScreenshot(page, dialect, name);

    const project = (name: string): Promise<TestProject> => createProject(t, t.rootToken, name);

    /** Fills and submits the Access Tokens form of `project`; returns the token the page shows once. */
    async function createTokenInForm(page: Page, project: TestProject, name: string, scopes: string[]): Promise<string> {
      await page.goto(`${base}/${project.path}/-/settings/access_tokens`);
      await page.getByLabel('Token name').fill(name);
      for (const scope of scopes) await page.getByRole('checkbox', { name: scope, exact: true }).check();
      await page.getByRole('button', { name: 'Create project access token' }).click();
      return page.getByLabel('Your new project access token', { exact: true }).inputValue();
    }

    test('signs in as root with the keyboard alone', async () => {
      const { page } = await openTab({ signedIn: false });
      await page.goto(`${base}/`);
      assert.equal(new URL(page.url()).pathname, '/users/sign_in');
      // The login field has focus on arrival (autofocus runs after the load event, so wait for it
      // rather than type into nothing on a busy machine); Tab moves to the password; Enter submits.
      await page.waitForFunction(() => document.activeElement?.id === 'user-login', null, { timeout: 10_000 });
      await page.keyboard.type('root');
      await page.keyboard.press('Tab');
      await page.keyboard.type(ROOT_PASSWORD);
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}/`);
      assert.equal(await page.locator('h1').textContent(), 'Projects');
    });

    test('creates a project and sees its clone URLs', async () => {
      const { page } = await openTab();
      await page.goto(`${base}/`);
      await page.getByRole('link', { name: 'New project' }).click();
      await page.getByLabel('Project name').fill('Website');
      await page.getByLabel('Project description').fill('made in Chromium');
      await page.getByRole('button', { name: 'Create project' }).click();
      await page.waitForURL(`${base}/root/website?notice=project_created`);
      assert.equal(await page.locator('h1').first().textContent(), 'Website');
      assert.match(await page.getByLabel('Clone with HTTP', { exact: true }).inputValue(), /\/root\/website\.git$/);
      assert.match(await page.getByLabel('Clone with SSH', { exact: true }).inputValue(), /root\/website\.git$/);
      const created = await t.api('GET', '/projects/root%2Fwebsite');
      assert.equal(created.status, 200);
      assert.equal(created.body.description, 'made in Chromium');
      // "Initialize repository with a README" is checked by default, as in GitLab: the README is on the page.
      assert.equal(created.body.empty_repo, false);
      assert.equal(await page.locator('article.readme h1').textContent(), 'Website');
    });

    test('creates a project access token through the form and reads it from the page, once', async () => {
      const demo = await project('Demo');
      const { page } = await openTab();
      await page.goto(`${base}/${demo.path}`);
      await page.getByRole('link', { name: 'Settings › Access Tokens' }).click();
      await page.waitForURL(`${base}/root/demo/-/settings/access_tokens`);
      assert.equal(await page.getByLabel('Expiration date').getAttribute('min'), '2026-11-30');
      assert.equal(await page.getByLabel('Expiration date').inputValue(), '2026-12-29');
      await shot(page, 'access-tokens-before');

      await page.getByLabel('Token name').fill('deploy');
      await page.getByLabel('Token description').fill('pushes from CI');
      await page.getByLabel('Expiration date').fill('2027-01-15');
      await page.getByLabel('Select a role').selectOption({ label: 'Developer' });
      await page.getByRole('checkbox', { name: 'api', exact: true }).check();
      await page.getByRole('checkbox', { name: 'write_repository' }).check();
      await page.getByRole('button', { name: 'Create project access token' }).click();

      const field = page.getByLabel('Your new project access token', { exact: true });
      const token = await field.inputValue();
      assert.match(token, /^glpat-/);
      assert.equal((await page.locator('.new-token .warning').textContent())?.trim(), WARNING);
      // The copy button is there because the script runs; it puts the token on the clipboard.
      await page.getByRole('button', { name: 'Copy your new project access token' }).click();
      await page.getByText('Copied to clipboard.').waitFor();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), token);
      await shot(page, 'access-tokens-after');

      const row = page.locator('#active-tokens tbody tr', { hasText: 'deploy' });
      assert.equal(await row.count(), 1);
      const cells = (await row.locator('td').allTextContents()).map((text) => text.trim());
      assert.equal(await row.locator('td').first().locator('strong').textContent(), 'deploy');
      assert.equal(await row.locator('td').first().locator('small').first().textContent(), 'pushes from CI');
      assert.equal(await row.getByRole('link', { name: 'Activity of deploy' }).count(), 1);
      assert.equal(cells[1], 'apiwrite_repository');
      assert.equal(cells[2], 'Developer');
      assert.match(cells[3]!, /^IPs: any\s*Refs: any/);
      assert.deepEqual(cells.slice(4, 7), ['2026-11-29', 'Never', '2027-01-15']);
    });

    test('a token made in the form works against the API and for a git clone over HTTP, and the page never shows it again', async () => {
      const clone = await project('Clone me');
      const { page } = await openTab();
      const token = await createTokenInForm(page, clone, 'cloner', ['read_api', 'read_repository']);
      assert.match(token, /^glpat-/);

      const read = await api(base, `/projects/${clone.id}`, token);
      assert.equal(read.status, 200);
      assert.equal(read.body.path_with_namespace, 'root/clone-me');
      const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-clone-'));
      try {
        const url = `${base.replace('http://', `http://cloner:${token}@`)}/root/clone-me.git`;
        await run('git', ['clone', '--quiet', url, path.join(dir, 'clone-me')], { env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
        assert.ok(readdirSync(path.join(dir, 'clone-me')).includes('.git'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      // Coming back to the page never shows the token again.
      await page.goto(`${base}/root/clone-me/-/settings/access_tokens`);
      assert.equal(await page.locator('#new-token-value').count(), 0);
      assert.ok(!(await page.content()).includes(token));
    });

    test('sees a token\'s bot in Members, marked as a bot, with no edit or remove controls', async () => {
      const team = await project('Team');
      await createProjectToken(t, team.id, { name: 'deploy', description: 'pushes from CI', scopes: ['api', 'write_repository'], access_level: 30, expires_at: '2027-01-15' });
      const { page } = await openTab();
      await page.goto(`${base}/${team.path}`);
      await page.getByRole('link', { name: 'Members' }).first().click();
      await page.waitForURL(`${base}/root/team/-/project_members`);
      const bot = page.locator('#members tbody tr', { hasText: 'deploy' });
      assert.equal(await bot.count(), 1);
      assert.equal(await bot.locator('.badge.bot').textContent(), 'Bot');
      assert.equal(await bot.locator('td').nth(1).textContent(), 'Developer');
      assert.equal(await bot.locator('button, select, input, form').count(), 0);
      const me = page.locator('#members tbody tr', { hasText: '@root' });
      assert.equal(await me.locator('select').count(), 1);
      await shot(page, 'members');
    });

    test('revokes a token after accepting the confirmation; the API then refuses it', async () => {
      const revoked = await project('Revoked');
      const deploy = await createProjectToken(t, revoked.id, { name: 'deploy', scopes: ['api'] });
      assert.equal((await api(base, `/projects/${revoked.id}`, deploy.token)).status, 200);
      const tab = await openTab();
      const { page, dialogs } = tab;
      await page.goto(`${base}/${revoked.path}`);
      await page.getByRole('link', { name: 'Settings › Access Tokens' }).click();
      await page.getByRole('button', { name: 'Revoke deploy' }).click();
      await page.waitForURL(`${base}/root/revoked/-/settings/access_tokens?notice=token_revoked`);
      assert.equal(dialogs.length, 1);
      assert.match(dialogs[0]!, /^Are you sure you want to revoke the project access token "deploy"\?/);
      assert.equal(await page.getByRole('status').filter({ hasText: 'revoked' }).textContent(), 'The token was revoked. It no longer works anywhere.');
      assert.equal(await page.locator('#active-tokens tbody tr', { hasText: 'deploy' }).count(), 0);
      assert.match((await page.locator('#inactive-tokens tbody tr', { hasText: 'deploy' }).textContent()) ?? '', /Revoked/);
      const refused = await api(base, `/projects/${revoked.id}`, deploy.token);
      assert.equal(refused.status, 401);
      assert.equal(refused.body.error_description, 'Token was revoked. You have to re-authorize from the user.');
    });

    test('dismissing the confirmation keeps the token', async () => {
      const kept = await project('Kept');
      await createProjectToken(t, kept.id, { name: 'kept', scopes: ['read_api'] });
      const tab = await openTab();
      await tab.page.goto(`${base}/${kept.path}/-/settings/access_tokens`);
      tab.answer = 'dismiss';
      await tab.page.getByRole('button', { name: 'Revoke kept' }).click();
      assert.equal(tab.dialogs.length, 1);
      assert.match(tab.dialogs[0]!, /revoke the project access token "kept"/);
      assert.equal(new URL(tab.page.url()).pathname, '/root/kept/-/settings/access_tokens');
      assert.equal(await tab.page.locator('#active-tokens tbody tr', { hasText: 'kept' }).count(), 1);
      const active = await t.api('GET', `/projects/${kept.id}/access_tokens?state=active`);
      assert.deepEqual(active.body.map((token: { name: string }) => token.name), ['kept']);
    });

    test('a token named <script>alert(1)</script> renders as text and no script runs', async () => {
      const escaping = await project('Escaping');
      const { page, dialogs } = await openTab();
      await page.goto(`${base}/${escaping.path}/-/settings/access_tokens`);
      await page.getByLabel('Token name').fill(XSS);
      await page.getByLabel('Token description').fill(XSS);
      await page.getByRole('checkbox', { name: 'read_repository' }).check();
      await page.getByRole('button', { name: 'Create project access token' }).click();
      await page.goto(`${base}/${escaping.path}/-/settings/access_tokens`);
      const row = page.locator('#active-tokens tbody tr', { hasText: XSS });
      assert.equal(await row.count(), 1);
      assert.equal(await row.locator('td strong').textContent(), XSS);
      await page.getByRole('link', { name: 'Members' }).first().click();
      assert.equal(await page.locator('#members tbody tr', { hasText: XSS }).locator('strong').textContent(), XSS);
      assert.deepEqual(dialogs, [], `a dialog opened: ${dialogs.join(' | ')}`);
    });

    test('a form whose CSRF token was removed is refused', async () => {
      const { page } = await openTab();
      await page.goto(`${base}/projects/new`);
      await page.getByLabel('Project name').fill('forged');
      await page.locator('main form input[name="authenticity_token"]').evaluate((input) => input.remove());
      await page.getByRole('button', { name: 'Create project' }).click();
      assert.equal(await page.locator('h1').textContent(), 'The form could not be accepted');
      assert.equal((await t.api('GET', '/projects/root%2Fforged')).status, 404);
    });

    test('works without JavaScript: signs in, a token is created and revoked (no copy button, no confirmation)', async () => {
      const plain = await project('Plain');
      const { page: noJs } = await openTab({ signedIn: false, javaScriptEnabled: false });
      await noJs.goto(`${base}/users/sign_in`);
      await noJs.getByLabel('Username or primary email').fill('root');
      await noJs.getByLabel('Password').fill(ROOT_PASSWORD);
      await noJs.getByRole('button', { name: 'Sign in' }).click();
      await noJs.goto(`${base}/${plain.path}/-/settings/access_tokens`);
      await noJs.getByLabel('Token name').fill('no-js');
      await noJs.getByRole('checkbox', { name: 'read_api' }).check();
      await noJs.getByRole('button', { name: 'Create project access token' }).click();
      assert.match(await noJs.locator('#new-token-value').inputValue(), /^glpat-/);
      assert.equal(await noJs.getByRole('button', { name: /^Copy/ }).count(), 0, 'no dead copy button');
      await noJs.getByRole('button', { name: 'Revoke no-js' }).click();
      await noJs.waitForURL(/notice=token_revoked/);
      assert.equal(await noJs.locator('#inactive-tokens tbody tr', { hasText: 'no-js' }).count(), 1);
    });

    test('a bot cannot sign in', async () => {
      const bots = await project('Bots');
      const bot = await createProjectToken(t, bots.id, { name: 'signer', scopes: ['read_api'] });
      const username = (await t.api('GET', `/users/${bot.userId}`)).body.username as string;
      assert.match(username, /^project_\d+_bot_/);
      const { page } = await openTab({ signedIn: false });
      await page.goto(`${base}/users/sign_in`);
      await page.getByLabel('Username or primary email').fill(username);
      await page.getByLabel('Password').fill('password-123');
      await page.getByRole('button', { name: 'Sign in' }).click();
      assert.equal(await page.getByRole('alert').textContent(), 'Invalid login or password.');
      assert.equal(new URL(page.url()).pathname, '/users/sign_in');
    });

    // gweb
    test('creates a group, a subgroup, a project in it and a group access token through the pages', async () => {
      const { page } = await openTab();
      await page.goto(`${base}/`);
      await page.getByRole('link', { name: 'Groups', exact: true }).click();
      await page.getByRole('link', { name: 'New group' }).click();
      await page.getByLabel('Group name').fill('Platform');
      await page.getByLabel('Group URL').fill('platform');
      await page.getByLabel('Group description').fill('Everything the platform team runs');
      await page.getByRole('button', { name: 'Create group' }).click();
      await page.waitForURL(`${base}/platform?notice=group_created`);

      await page.getByRole('link', { name: 'New subgroup' }).click();
      assert.equal(await page.getByLabel('Parent group').inputValue(), String((await t.api('GET', '/groups/platform')).body.id));
      await page.getByLabel('Group name').fill('Backend');
      await page.getByLabel('Group URL').fill('backend');
      await page.getByRole('button', { name: 'Create group' }).click();
      await page.waitForURL(`${base}/platform/backend?notice=group_created`);

      await page.getByRole('link', { name: 'New project' }).click();
      await page.getByLabel('Project name').fill('API');
      await page.getByRole('button', { name: 'Create project' }).click();
      await page.waitForURL(`${base}/platform/backend/api?notice=project_created`);
      assert.match(await page.getByLabel('Clone with HTTP', { exact: true }).inputValue(), /\/platform\/backend\/api\.git$/);
      await page.getByRole('navigation', { name: 'breadcrumb' }).getByRole('link', { name: 'platform', exact: true }).click();
      await page.waitForURL(`${base}/platform`);
      assert.equal(await page.locator('#subgroups a', { hasText: 'Backend' }).count(), 1);

      await page.getByRole('link', { name: 'Settings › Access Tokens' }).click();
      await page.getByLabel('Token name').fill('renovate');
      await page.getByLabel('Select a role').selectOption({ label: 'Developer' });
      await page.getByRole('checkbox', { name: 'api', exact: true }).check();
      await page.getByRole('button', { name: 'Create group access token' }).click();
      const token = await page.getByLabel('Your new group access token', { exact: true }).inputValue();
      assert.match(token, /^glpat-/);
      // The group's bot reaches the subgroup's project through inheritance.
      assert.equal((await api(base, '/projects/platform%2Fbackend%2Fapi', token)).status, 200);
      await shot(page, 'group-access-tokens');
      await page.getByRole('link', { name: 'Members' }).click();
      assert.equal(await page.locator('#members tbody tr', { hasText: 'renovate' }).locator('.badge.bot').count(), 1);
      await page.goto(`${base}/platform`);
      await shot(page, 'group');
    });

    test('signs out from the user menu', async () => {
      const { page } = await openTab();
      await page.goto(`${base}/`);
      await page.getByText('root', { exact: true }).click(); // the user menu
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${base}/users/sign_in?signed_out=1`);
      assert.equal(await page.getByRole('status').textContent(), 'You have been signed out.');
      await page.goto(`${base}/`);
      assert.equal(new URL(page.url()).pathname, '/users/sign_in');
    });
  });
}
