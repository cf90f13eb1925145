import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestApp, ROOT_PASSWORD } from '../helpers/test-app.ts';
const t = await startTestApp('sqlite');
await t.app.http.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${(t.app.http.server.address() as any).port}`;
const ctx = await chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), 'pw-')), { executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run'], viewport: { width: 390, height: 900 } });
const page = await ctx.newPage();
await page.goto(base + '/');
await page.fill('#user-login', 'root'); await page.fill('#user-password', ROOT_PASSWORD); await page.click('main button[type=submit]');
await t.api('POST', '/projects', { body: { name: 'demo' } });
await t.api('POST', '/projects/root%2Fdemo/access_tokens', { body: { name: 'x', scopes: ['api'] } });
for (const u of ['/root/demo/-/project_members', '/root/demo/-/settings/access_tokens', '/root/demo', '/admin/users']) {
await page.goto(base + u);
console.log(u, await page.evaluate(() => { const out: string[] = []; document.querySelectorAll('*').forEach((e) => { const r = e.getBoundingClientRect(); if (r.right > 392) out.push(e.tagName + '.' + e.className + ' ' + Math.round(r.right)); }); return [document.documentElement.scrollWidth, out.slice(0, 15)]; }));
}
await ctx.close();
await t.close();
