import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { httpUrl } from '../git/git-cli.ts';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { ROOT_PASSWORD } from '../helpers/test-app.ts';
import { launchChromium, saveScreenshot } from './chromium.ts';
import { WebClient } from './web-client.ts';

// A 1×1 PNG: the README's image and the tree's picture.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const BINARY = Buffer.from([0, 1, 2, 3, 0, 255, 254, 0, 7]);

/** `/<segments>` with each segment percent-encoded, slashes kept (a ref or path as the pages link them). */
const encodePath = (value: string) => value.split('/').map(encodeURIComponent).join('/');

// One browser launch for the file; a server (with git over HTTP) per dialect; each test pushes its own repository.
let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

for (const dialect of DIALECTS) {
  describe(`repository pages in Chromium (${dialect})`, () => {
    let f: GitFixture;
    let contexts: BrowserContext[] = [];

    before(async () => {
      f = await startGitFixture(dialect);
    });
    afterEach(async () => {
      await Promise.all(contexts.map((context) => context.close()));
      contexts = [];
    });
    after(async () => {
      await f?.close();
    });

    /** A fresh context signed in as root; every dialog it opens is recorded (and dismissed). */
    async function openTab(): Promise<{ context: BrowserContext; page: Page; dialogs: string[] }> {
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
      contexts.push(context);
      const web = new WebClient(f.t);
      assert.equal((await web.signIn('root', ROOT_PASSWORD)).status, 303);
      await context.addCookies([...web.cookies].map(([name, value]) => ({ name, value, url: f.baseUrl })));
      const page = await context.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      return { context, page, dialogs };
    }

    const shot = (page: Page, name: string) => saveScreenshot(page, dialect, name);

    /** A clone of a new project, pushing as a Maintainer project access token over git HTTP. */
    async function pushable(name: string) {
      const project = await f.createProject(name);
      const { token } = await f.projectToken(project.id, ['api', 'write_repository'], 40);
      const dir = f.cli.dir(name);
      const clone = await f.cli.git(['clone', '--quiet', httpUrl(f.baseUrl, project.path, token), dir]);
      assert.equal(clone.code, 0, clone.stderr);
      const git = async (args: string[], env: Record<string, string> = {}) => {
        const result = await f.cli.git(args, { cwd: dir, env });
        assert.equal(result.code, 0, result.stderr);
        return result.stdout.trim();
      };
      const api = (method: string, url: string, body?: unknown) => f.t.api(method, `/projects/${project.id}${url}`, { token, body });
      return { project, dir, git, api, at: `${f.baseUrl}/${project.path}` };
    }

    test('walks a pushed repository: overview, files, a file, its history, a commit, compare, tags, releases, activity, the switcher and a README link', async () => {
      const { dir, git, api, at } = await pushable('walk');
      await f.cli.commit(
        dir,
        {
          'README.md': '# Walkthrough\n\nStart with [the guide](docs/guide.md).\n\n![Logo](images/logo.png)\n',
          'docs/guide.md': '# The guide\n\nEverything in one place.\n',
          'src/app.ts': 'import { greet } from "./greet";\n\nexport const answer: number = 42;\nconsole.log(greet(answer));\n',
          'src/greet.ts': 'export function greet(value: number): string {\n  return `hello ${value}`;\n}\n',
          'images/logo.png': PNG,
          'bin/data.bin': BINARY,
        },
        'Lay out the project',
      );
      await f.cli.commit(dir, { 'src/app.ts': 'import { greet } from "./greet";\n\nexport const answer: number = 43;\nconsole.log(greet(answer));\n' }, 'Raise the answer');
      await git(['tag', '--annotate', 'v1.0.0', '--message', 'First stable version']);
      await git(['switch', '--quiet', '--create', 'feature/x']);
      await f.cli.commit(dir, { 'feature.txt': 'A feature of its own\n' }, 'Add the feature');
      await git(['push', '--quiet', 'origin', 'main', 'feature/x', 'v1.0.0']);
      const release = await api('POST', '/releases', {
        tag_name: 'v1.0.0',
        name: 'Version 1.0.0',
        description: '## Highlights\n\n- **Faster** answers\n- See [the guide](docs/guide.md)\n',
        assets: { links: [{ name: 'Linux build', url: 'https://downloads.example.com/walk-linux.tar.gz', link_type: 'package' }] },
      });
      assert.equal(release.status, 201, JSON.stringify(release.body));

      const { page, dialogs } = await openTab();
      // Overview: the default branch's files and the README, rendered, its image at the raw URL.
      await page.goto(at);
      assert.equal(await page.locator('h1').first().textContent(), 'walk');
      assert.equal(await page.locator('.readme h1').textContent(), 'Walkthrough');
      assert.equal(await page.locator('.readme img').getAttribute('src'), '/root/walk/-/raw/main/images/logo.png');
      assert.ok(await page.locator('.readme img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 1));
      await shot(page, 'repository-overview');

      // Files → a directory → a file.
      await page.getByRole('link', { name: 'Files', exact: true }).click();
      await page.waitForURL(`${at}/-/tree/main`);
      const entries = (await page.locator('#tree-entries tbody tr td:first-child').allTextContents()).map((text) => text.trim());
      for (const entry of ['bin/', 'docs/', 'images/', 'src/', 'README.md']) assert.ok(entries.includes(entry), `${entry} in ${entries.join(', ')}`);
      await shot(page, 'repository-tree');
      await page.locator('#tree-entries').getByRole('link', { name: 'src/' }).click();
      await page.waitForURL(`${at}/-/tree/main/src`);
      await page.locator('#tree-entries').getByRole('link', { name: 'app.ts' }).click();
      await page.waitForURL(`${at}/-/blob/main/src/app.ts`);
      assert.equal(await page.locator('.file-lines tr').count(), 4);
      assert.equal(await page.locator('.file-lines tr').nth(2).locator('.hljs-keyword').first().textContent(), 'export');
      assert.equal(await page.locator('.file-lines tr').nth(2).locator('.hljs-number').textContent(), '43');
      // A line's number links to itself; following #L3 lands on it.
      await page.locator('.file-lines a#L3').click();
      assert.equal(new URL(page.url()).hash, '#L3');
      assert.equal(await page.locator('.file-lines a:target').textContent(), '3');
      await page.goto(`${at}/-/blob/main/src/app.ts#L3`);
      assert.equal(await page.locator('.file-lines a:target').getAttribute('id'), 'L3');
      await shot(page, 'repository-file');

      // The file's history → a commit and its diff.
      await page.getByRole('link', { name: 'History' }).click();
      await page.waitForURL(`${at}/-/commits/main/src/app.ts`);
      assert.equal(await page.locator('h1').textContent(), 'Commits');
      const titles = await page.locator('main').getByRole('link', { name: 'Raise the answer' }).count();
      assert.ok(titles >= 1);
      assert.ok((await page.locator('main').textContent())!.includes('Lay out the project'));
      await shot(page, 'repository-history');
      await page.locator('main').getByRole('link', { name: 'Raise the answer' }).first().click();
      await page.waitForURL(/\/-\/commit\/[0-9a-f]{40}$/);
      assert.equal(await page.locator('h1.commit-title').textContent(), 'Raise the answer');
      const fileDiff = page.locator('details.diff-file', { hasText: 'src/app.ts' });
      const added = fileDiff.locator('tr', { hasText: 'export const answer: number = 43;' });
      assert.equal(await added.count(), 1);
      assert.equal((await added.locator('.diff-marker').textContent())?.trim(), '+');
      assert.equal(await fileDiff.locator('tr', { hasText: '= 42;' }).locator('.diff-marker').textContent(), '-');
      // Collapse the file and open it again (a <details>: no script needed).
      await fileDiff.locator('summary').click();
      assert.equal(await fileDiff.evaluate((details: HTMLDetailsElement) => details.open), false);
      assert.equal(await added.isVisible(), false);
      await fileDiff.locator('summary').click();
      assert.equal(await added.isVisible(), true);
      await shot(page, 'repository-commit');

      // Compare two refs through the form.
      await page.goto(`${at}/-/compare`);
      await page.locator('#compare-from').fill('main');
      await page.locator('#compare-to').fill('feature/x');
      await page.locator('form.compare-form button[type=submit]').click();
      await page.waitForURL(`${at}/-/compare/main...feature/x`);
      assert.equal(await page.getByRole('heading', { name: 'Commits (1)' }).count(), 1);
      assert.equal(await page.locator('details.diff-file .diff-path').textContent(), 'feature.txt');
      assert.equal(await page.locator('details.diff-file tr', { hasText: 'A feature of its own' }).count(), 1);
      await shot(page, 'repository-compare');

      // Tags → the tag.
      await page.getByRole('link', { name: 'Tags', exact: true }).click();
      await page.waitForURL(`${at}/-/tags`);
      assert.equal(await page.locator('h1').textContent(), 'Tags');
      assert.ok((await page.locator('#tags').textContent())!.includes('First stable version'));
      await shot(page, 'repository-tags');
      await page.locator('#tags').getByRole('link', { name: 'v1.0.0', exact: true }).first().click();
      await page.waitForURL(`${at}/-/tags/v1.0.0`);
      assert.equal((await page.locator('h1').textContent())?.trim(), 'v1.0.0');
      assert.equal(await page.locator('pre.tag-message').textContent(), 'First stable version');

      // Releases → the release: notes as Markdown, the asset link.
      await page.getByRole('link', { name: 'Releases', exact: true }).click();
      await page.waitForURL(`${at}/-/releases`);
      const card = page.locator('article.release[data-tag="v1.0.0"]');
      assert.ok((await card.textContent())!.includes('Version 1.0.0'));
      assert.equal(await card.locator('strong', { hasText: 'Faster' }).count(), 1);
      assert.equal(await card.getByRole('link', { name: 'Linux build' }).getAttribute('href'), 'https://downloads.example.com/walk-linux.tar.gz');
      await shot(page, 'repository-releases');
      await card.getByRole('link', { name: 'Version 1.0.0' }).first().click();
      await page.waitForURL(`${at}/-/releases/v1.0.0`);
      assert.equal(await page.locator('article.release h2, article.release h3').filter({ hasText: 'Highlights' }).count(), 1);

      // Activity: the pushes, by the token's bot.
      await page.getByRole('link', { name: 'Activity', exact: true }).click();
      await page.waitForURL(`${at}/activity`);
      assert.equal(await page.locator('h1').textContent(), 'Activity');
      assert.match((await page.locator('#activity').textContent())!, /pushed/);
      await shot(page, 'repository-activity');

      // The switcher: the same directory on feature/x.
      await page.goto(`${at}/-/tree/main`);
      assert.equal(await page.locator('#tree-entries').getByRole('link', { name: 'feature.txt' }).count(), 0);
      await page.locator('#ref-switcher-select').selectOption('feature/x');
      await page.locator('form.ref-switcher').getByRole('button', { name: 'Switch' }).click();
      await page.waitForURL(`${at}/-/tree/feature/x`);
      assert.equal(await page.locator('#tree-entries').getByRole('link', { name: 'feature.txt' }).count(), 1);

      // The README's relative link opens the guide at the same ref.
      await page.goto(at);
      await page.locator('.readme').getByRole('link', { name: 'the guide' }).click();
      await page.waitForURL(`${at}/-/blob/main/docs/guide.md`);
      assert.equal(await page.locator('article.blob h1').textContent(), 'The guide');
      assert.deepEqual(dialogs, []);
    });

    test('an empty repository tells how to push the first commit', async () => {
      const project = await f.createProject('Blank slate');
      const { page } = await openTab();
      await page.goto(`${f.baseUrl}/${project.path}`);
      assert.equal(await page.locator('#empty-heading').textContent(), 'The repository is empty');
      const steps = (await page.locator('#empty-new-http').textContent())!.split('\n');
      const { http_url_to_repo: cloneUrl } = (await f.t.api('GET', `/projects/${project.id}`)).body;
      assert.equal(steps[0], `git clone ${cloneUrl}`);
      assert.equal(steps.at(-1), 'git push --set-upstream origin main');
      assert.match((await page.locator('#empty-existing-ssh').textContent())!, /^cd existing_folder\ngit init --initial-branch=main\ngit remote add origin ssh:\/\//);
    });

    describe('hostile content', () => {
      let planted: Server;
      let plantedHits: string[] = [];
      let trap: string;

      before(async () => {
        planted = createServer((request, response) => {
          plantedHits.push(request.url ?? '');
          response.end('planted');
        });
        await new Promise<void>((resolve) => planted.listen(0, '127.0.0.1', resolve));
        trap = `http://127.0.0.1:${(planted.address() as AddressInfo).port}`;
      });
      after(async () => {
        await new Promise((resolve) => planted?.close(resolve));
      });

      test('names, messages, notes and an SVG that try to run script or fetch a planted URL do neither, on every repository page, each page under the CSP', async () => {
        plantedHits = [];
        const { dir, git, api, at } = await pushable('hostile');
        const fetchScript = (label: string) => `<script>alert('${label}');fetch('${trap}/${label}')</script>`;
        const imgTrap = (label: string) => `"><img src="${trap}/${label}" onerror="alert('${label}')">`;
        // File and directory names hold no slash: payloads with a URL go into contents, messages and notes.
        const hostileFile = `"><img src=x onerror=alert('file')>.ts`;
        const hostileDir = `<svg onload=alert('dir')>`;
        const attributeFile = `" autofocus onfocus="alert('attr')" x=".txt`;
        const hostileBranch = `x"><svg/onload=alert('branch')>`;
        const hostileTag = `t"><img/src=x/onerror=alert('tag')>`;
        const readme = [
          `# Hostile ${fetchScript('readme-heading')}`,
          '',
          `${imgTrap('readme-img')}`,
          '',
          `<iframe src="${trap}/readme-iframe"></iframe> <a href="javascript:alert('raw-link')">raw link</a>`,
          '',
          "[a javascript link](javascript:alert('md-link')) [a data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
          '',
          `<div onmouseover="alert('div')" style="background:url(${trap}/readme-style)">hover</div>`,
        ].join('\n');
        const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" onload="alert('svg-onload')"><script>alert('svg');fetch('${trap}/svg-script')</script><image href="${trap}/svg-image" width="10" height="10"/><rect width="40" height="40" fill="teal"/></svg>\n`;
        await f.cli.commit(
          dir,
          {
            'README.md': readme,
            [hostileFile]: `export const x = "${fetchScript('file-content')}";\n`,
            [`${hostileDir}/${attributeFile}`]: `${imgTrap('nested-content')}\n`,
            'evil.svg': svg,
          },
          `Add ${fetchScript('commit-title')}\n\n${imgTrap('commit-body')}`,
        );
        const author = { GIT_AUTHOR_NAME: `Mallory ${imgTrap('author')}`, GIT_AUTHOR_EMAIL: 'mallory@example.com' };
        await git(['switch', '--quiet', '--create', hostileBranch]);
        await git(['commit', '--quiet', '--allow-empty', '-m', `Branch ${imgTrap('branch-commit')}`], author);
        await git(['tag', '--annotate', hostileTag, '--message', `Tag ${fetchScript('tag-message')}`]);
        await git(['push', '--quiet', 'origin', 'main', hostileBranch, hostileTag]);
        const release = await api('POST', '/releases', {
          tag_name: hostileTag,
          name: `Release ${imgTrap('release-name')}`,
          description: `${fetchScript('release-notes')}\n\n[notes link](javascript:alert('notes'))\n\n${imgTrap('release-img')}`,
          assets: { links: [{ name: `Asset ${imgTrap('asset')}`, url: `https://example.com/asset?${encodeURIComponent(imgTrap('asset-url'))}` }] },
        });
        assert.equal(release.status, 201, JSON.stringify(release.body));
        const sha = await git(['rev-parse', 'main']);

        const { context, page, dialogs } = await openTab();
        // Anything the browser asked of another origin (CSP blocks it before the network: it must fail).
        const offsite: Request[] = [];
        context.on('request', (request) => {
          if (!request.url().startsWith(f.baseUrl)) offsite.push(request);
        });
        const documents: { url: string; csp: string | undefined }[] = [];
        page.on('response', (response) => {
          if (response.request().resourceType() === 'document') documents.push({ url: response.url(), csp: response.headers()['content-security-policy'] });
        });

        const pages = [
          '',
          '/-/tree/main',
          `/-/tree/main/${encodePath(hostileDir)}`,
          `/-/tree/${encodePath(hostileBranch)}`,
          `/-/blob/main/${encodePath(hostileFile)}`,
          `/-/blob/main/${encodePath(`${hostileDir}/${attributeFile}`)}`,
          '/-/blob/main/README.md',
          '/-/blob/main/README.md?plain=1',
          '/-/blob/main/evil.svg',
          '/-/raw/main/evil.svg',
          '/-/commits/main',
          `/-/commits/${encodePath(hostileBranch)}`,
          `/-/commit/${sha}`,
          `/-/compare/main...${encodePath(hostileBranch)}`,
          '/-/branches',
          '/-/tags',
          `/-/tags/${encodePath(hostileTag)}`,
          '/-/releases',
          `/-/releases/${encodePath(hostileTag)}`,
          '/activity',
        ];
        for (const visit of pages) {
          const response = await page.goto(`${at}${visit}`);
          assert.equal(response?.status(), 200, visit);
          // Give any script that did sneak in, and any image or frame, the time to run and load.
          await page.waitForLoadState('load');
          await page.waitForTimeout(150);
        }
        // The payloads reached the pages, as text.
        await page.goto(`${at}/-/commit/${sha}`);
        assert.ok((await page.locator('h1.commit-title').textContent())!.includes(`fetch('${trap}/commit-title')`));
        await page.goto(`${at}/-/tree/main`);
        assert.equal(await page.locator('#tree-entries').getByRole('link', { name: hostileFile }).count(), 1);
        // git drops the author's angle brackets; its quotes and attributes stay, and show as text.
        await page.goto(`${at}/-/commits/${encodePath(hostileBranch)}`);
        assert.ok((await page.locator('main').textContent())!.includes(`onerror="alert('author')`));
        await page.goto(`${at}/-/releases`);
        assert.ok((await page.locator('main').textContent())!.includes(`Release ${imgTrap('release-name')}`));
        await page.waitForTimeout(150);

        assert.deepEqual(dialogs, [], 'no dialog opened');
        assert.deepEqual(plantedHits, [], 'the planted listener got no request');
        const reached = offsite.filter((request) => request.failure() === null).map((request) => request.url());
        assert.deepEqual(reached, [], 'every request off the server was blocked');
        assert.ok(documents.length >= pages.length + 3);
        for (const { url, csp } of documents) {
          assert.ok(csp, `${url} has a content-security-policy`);
          if (url.includes('/-/raw/')) assert.match(csp, /sandbox/);
          else assert.match(csp, /script-src 'self'/, url);
        }
      });
    });
  });
}
