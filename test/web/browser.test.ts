import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Dialog, type Page } from 'playwright-core';
import { DIALECTS } from '../helpers/databases.ts';
import { ROOT_PASSWORD, startTestApp, type TestApp } from '../helpers/test-app.ts';

// Debian's chromium, driven by playwright-core (no browser download); LATCHKEY_CHROMIUM overrides the path.
const CHROMIUM = process.env.LATCHKEY_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
// Screenshots of the Access Tokens page (before and after creating a token) and of Members.
const ARTIFACTS = process.env.LATCHKEY_TEST_ARTIFACTS ?? path.join(fileURLToPath(new URL('../..', import.meta.url)), 'test-artifacts');
const WARNING = "Make sure you save it - you won't be able to access it again.";
const XSS = '<script>alert(1)</script>';
const run = promisify(execFile);

// One browser launch for the whole file (playwright gives it a fresh temporary profile and removes
// it on close); each dialect gets its own server and fresh browser contexts.
let browser: Browser;
before(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  mkdirSync(path.join(ARTIFACTS, 'web'), { recursive: true });
});
after(async () => {
  await browser?.close();
});

async function api(base: string, url: string, token: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${base}/api/v4${url}`, { headers: { 'private-token': token } });
  return { status: response.status, body: await response.json() };
}

for (const dialect of DIALECTS) {
  describe(`web UI in Chromium (${dialect})`, () => {
    let t: TestApp;
    let base: string;
    let context: BrowserContext;
    let page: Page;
    /** Every dialog the page opened, in order (a `<script>` that ran would show up here). */
    const dialogs: string[] = [];
    let answer: 'accept' | 'dismiss' = 'accept';
    let token = '';
    let projectId = 0;

    before(async () => {
      t = await startTestApp(dialect);
      await t.app.http.listen({ host: '127.0.0.1', port: 0 });
      base = `http://127.0.0.1:${(t.app.http.server.address() as AddressInfo).port}`;
      context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
      page = await context.newPage();
      page.on('dialog', (dialog: Dialog) => {
        dialogs.push(dialog.message());
        void (answer === 'accept' ? dialog.accept() : dialog.dismiss());
      });
    });
    after(async () => {
      await context?.close();
      await t?.close();
    });

    const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, 'web', `${dialect}-${name}.png`), fullPage: true });

    test('signs in as root with the keyboard alone', async () => {
      await page.goto(`${base}/`);
      assert.equal(new URL(page.url()).pathname, '/users/sign_in');
      // The login field has focus on arrival; Tab moves to the password; Enter submits.
      await page.keyboard.type('root');
      await page.keyboard.press('Tab');
      await page.keyboard.type(ROOT_PASSWORD);
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}/`);
      assert.equal(await page.locator('h1').textContent(), 'Projects');
    });

    test('creates a project and sees its clone URLs', async () => {
      await page.getByRole('link', { name: 'New project' }).click();
      await page.getByLabel('Project name').fill('Demo');
      await page.getByLabel('Project description').fill('made in Chromium');
      await page.getByRole('button', { name: 'Create project' }).click();
      await page.waitForURL(`${base}/root/demo?notice=project_created`);
      assert.equal(await page.locator('h1').textContent(), 'Demo');
      assert.match(await page.getByLabel('Clone with HTTP', { exact: true }).inputValue(), /\/root\/demo\.git$/);
      assert.match(await page.getByLabel('Clone with SSH', { exact: true }).inputValue(), /root\/demo\.git$/);
      projectId = (await t.api('GET', '/projects/root%2Fdemo')).body.id;
    });

    test('creates a project access token through the form and reads it from the page, once', async () => {
      await page.getByRole('link', { name: 'Settings › Access Tokens' }).click();
      await page.waitForURL(`${base}/root/demo/-/settings/access_tokens`);
      assert.equal(await page.getByLabel('Expiration date').getAttribute('min'), '2026-11-30');
      assert.equal(await page.getByLabel('Expiration date').inputValue(), '2026-12-29');
      await shot('access-tokens-before');

      await page.getByLabel('Token name').fill('deploy');
      await page.getByLabel('Token description').fill('pushes from CI');
      await page.getByLabel('Expiration date').fill('2027-01-15');
      await page.getByLabel('Select a role').selectOption({ label: 'Developer' });
      await page.getByRole('checkbox', { name: 'api', exact: true }).check();
      await page.getByRole('checkbox', { name: 'write_repository' }).check();
      await page.getByRole('button', { name: 'Create project access token' }).click();

      const field = page.getByLabel('Your new project access token', { exact: true });
      token = await field.inputValue();
      assert.match(token, /^glpat-/);
      assert.equal((await page.locator('.new-token .warning').textContent())?.trim(), WARNING);
      // The copy button is there because the script runs; it puts the token on the clipboard.
      await page.getByRole('button', { name: 'Copy your new project access token' }).click();
      await page.getByText('Copied to clipboard.').waitFor();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), token);
      await shot('access-tokens-after');

      const row = page.locator('#active-tokens tbody tr', { hasText: 'deploy' });
      assert.equal(await row.count(), 1);
      const cells = (await row.locator('td').allTextContents()).map((text) => text.trim());
      assert.equal(cells[0], 'deploypushes from CI');
      assert.equal(cells[1], 'apiwrite_repository');
      assert.deepEqual(cells.slice(2, 6), ['Developer', '2026-11-29', 'Never', '2027-01-15']);
    });

    test('the token works against the API and for a git clone over HTTP', async () => {
      const project = await api(base, `/projects/${projectId}`, token);
      assert.equal(project.status, 200);
      assert.equal(project.body.path_with_namespace, 'root/demo');
      const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-clone-'));
      try {
        const url = `${base.replace('http://', `http://deploy:${token}@`)}/root/demo.git`;
        await run('git', ['clone', '--quiet', url, path.join(dir, 'demo')], { env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
        assert.ok(readdirSync(path.join(dir, 'demo')).includes('.git'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      // Coming back to the page never shows the token again.
      await page.goto(`${base}/root/demo/-/settings/access_tokens`);
      assert.equal(await page.locator('#new-token-value').count(), 0);
      assert.ok(!(await page.content()).includes(token));
    });

    test('sees the bot in Members, marked as a bot, with no edit or remove controls', async () => {
      await page.getByRole('link', { name: 'Members' }).first().click();
      await page.waitForURL(`${base}/root/demo/-/project_members`);
      const bot = page.locator('#members tbody tr', { hasText: 'deploy' });
      assert.equal(await bot.count(), 1);
      assert.equal(await bot.locator('.badge.bot').textContent(), 'Bot');
      assert.equal(await bot.locator('td').nth(1).textContent(), 'Developer');
      assert.equal(await bot.locator('button, select, input, form').count(), 0);
      const me = page.locator('#members tbody tr', { hasText: '@root' });
      assert.equal(await me.locator('select').count(), 1);
      await shot('members');
    });

    test('revokes the token after accepting the confirmation; the API then refuses it', async () => {
      await page.getByRole('link', { name: 'Settings › Access Tokens' }).click();
      const before = dialogs.length;
      await page.getByRole('button', { name: 'Revoke deploy' }).click();
      await page.waitForURL(`${base}/root/demo/-/settings/access_tokens?notice=token_revoked`);
      assert.equal(dialogs.length, before + 1);
      assert.match(dialogs.at(-1)!, /^Are you sure you want to revoke the project access token "deploy"\?/);
      assert.equal(await page.getByRole('status').filter({ hasText: 'revoked' }).textContent(), 'The token was revoked. It no longer works anywhere.');
      assert.equal(await page.locator('#active-tokens tbody tr', { hasText: 'deploy' }).count(), 0);
      assert.match((await page.locator('#inactive-tokens tbody tr', { hasText: 'deploy' }).textContent()) ?? '', /Revoked/);
      const refused = await api(base, `/projects/${projectId}`, token);
      assert.equal(refused.status, 401);
      assert.equal(refused.body.error_description, 'Token was revoked. You have to re-authorize from the user.');
    });

    test('dismissing the confirmation keeps the token', async () => {
      await page.getByLabel('Token name').fill('kept');
      await page.getByRole('checkbox', { name: 'read_api' }).check();
      await page.getByRole('button', { name: 'Create project access token' }).click();
      const before = dialogs.length;
      answer = 'dismiss';
      try {
        await page.getByRole('button', { name: 'Revoke kept' }).click();
      } finally {
        answer = 'accept';
      }
      assert.equal(dialogs.length, before + 1);
      assert.match(dialogs.at(-1)!, /revoke the project access token "kept"/);
      assert.equal(await page.locator('#active-tokens tbody tr', { hasText: 'kept' }).count(), 1);
      const active = await t.api('GET', `/projects/${projectId}/access_tokens?state=active`);
      assert.deepEqual(active.body.map((token: { name: string }) => token.name), ['kept']);
    });

    test('a token named <script>alert(1)</script> renders as text and no script runs', async () => {
      const before = dialogs.length;
      await page.getByLabel('Token name').fill(XSS);
      await page.getByLabel('Token description').fill(XSS);
      await page.getByRole('checkbox', { name: 'read_repository' }).check();
      await page.getByRole('button', { name: 'Create project access token' }).click();
      await page.goto(`${base}/root/demo/-/settings/access_tokens`);
      const row = page.locator('#active-tokens tbody tr', { hasText: XSS });
      assert.equal(await row.count(), 1);
      assert.equal(await row.locator('td strong').textContent(), XSS);
      await page.getByRole('link', { name: 'Members' }).first().click();
      assert.equal(await page.locator('#members tbody tr', { hasText: XSS }).locator('strong').textContent(), XSS);
      assert.equal(dialogs.length, before, `a dialog opened: ${dialogs.slice(before).join(' | ')}`);
    });

    test('a form whose CSRF token was removed is refused', async () => {
      await page.goto(`${base}/projects/new`);
      await page.getByLabel('Project name').fill('forged');
      await page.locator('main form input[name="authenticity_token"]').evaluate((input) => input.remove());
      await page.getByRole('button', { name: 'Create project' }).click();
      assert.equal(await page.locator('h1').textContent(), 'The form could not be accepted');
      assert.equal((await t.api('GET', '/projects/root%2Fforged')).status, 404);
    });

    test('works without JavaScript: a token is created and revoked (no copy button, no confirmation)', async () => {
      const plain = await browser.newContext({ javaScriptEnabled: false });
      try {
        const noJs = await plain.newPage();
        await noJs.goto(`${base}/users/sign_in`);
        await noJs.getByLabel('Username or primary email').fill('root');
        await noJs.getByLabel('Password').fill(ROOT_PASSWORD);
        await noJs.getByRole('button', { name: 'Sign in' }).click();
        await noJs.goto(`${base}/root/demo/-/settings/access_tokens`);
        await noJs.getByLabel('Token name').fill('no-js');
        await noJs.getByRole('checkbox', { name: 'read_api' }).check();
        await noJs.getByRole('button', { name: 'Create project access token' }).click();
        assert.match(await noJs.locator('#new-token-value').inputValue(), /^glpat-/);
        assert.equal(await noJs.getByRole('button', { name: /^Copy/ }).count(), 0, 'no dead copy button');
        await noJs.getByRole('button', { name: 'Revoke no-js' }).click();
        await noJs.waitForURL(/notice=token_revoked/);
        assert.equal(await noJs.locator('#inactive-tokens tbody tr', { hasText: 'no-js' }).count(), 1);
      } finally {
        await plain.close();
      }
    });

    test('a bot cannot sign in', async () => {
      const bot = (await t.api('GET', `/projects/${projectId}/members`)).body.find((m: { bot: boolean }) => m.bot);
      const other = await browser.newContext();
      try {
        const tab = await other.newPage();
        await tab.goto(`${base}/users/sign_in`);
        await tab.getByLabel('Username or primary email').fill(bot.username);
        await tab.getByLabel('Password').fill('password-123');
        await tab.getByRole('button', { name: 'Sign in' }).click();
        assert.equal(await tab.getByRole('alert').textContent(), 'Invalid login or password.');
        assert.equal(new URL(tab.url()).pathname, '/users/sign_in');
      } finally {
        await other.close();
      }
    });

    test('signs out from the user menu', async () => {
      await page.goto(`${base}/`);
      await page.getByText('root', { exact: true }).click(); // the user menu
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${base}/users/sign_in?signed_out=1`);
      assert.equal(await page.getByRole('status').textContent(), 'You have been signed out.');
      await page.goto(`${base}/root/demo`);
      assert.equal(new URL(page.url()).pathname, '/users/sign_in');
    });
  });
}
