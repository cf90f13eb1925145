import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

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
/** Where the browser tests' screenshots go: test-artifacts/web (LATCHKEY_TEST_ARTIFACTS overrides). */
const ARTIFACTS = process.env.LATCHKEY_TEST_ARTIFACTS ?? path.join(fileURLToPath(new URL('../..', import.meta.url)), 'test-artifacts');

/** One browser for a test file (playwright gives it a fresh temporary profile and removes it on close). */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(path.join(ARTIFACTS, 'web'), { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Saves a full-page screenshot to test-artifacts/web/<dialect>-<name>.png, replacing the file atomically (two runs may write it at once). */
export async function saveScreenshot(page: Page, dialect: string, name: string): Promise<void> {
  const file = path.join(ARTIFACTS, 'web', `${dialect}-${name}.png`);
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, await page.screenshot({ fullPage: true }));
  renameSync(temporary, file);
}
