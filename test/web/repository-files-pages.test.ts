import assert from 'node:assert/strict';
import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { httpUrl } from '../git/git-cli.ts';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { addMember } from '../helpers/project-tokens.ts';
import { ROOT_PASSWORD } from '../helpers/test-app.ts';
import { WebClient, textOf } from './web-client.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const HOSTILE_README = [
  '# Hostile',
  '<script>alert("readme")</script>',
  '[click](javascript:alert(1))',
  '<img src=x onerror=alert(2)>',
  '<svg onload=alert(3)></svg>',
  'See [the guide](docs/guide.md) and ![logo](img/logo.png).',
  '',
].join('\n');
const WEIRD = `odd dir/ünï <script>x<script> "q'.txt`;
const EVIL_SVG = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n';

/** The entry names of a tree page, in the order shown. */
function entries(html: string): string[] {
  return [...html.matchAll(/<tr data-entry="([^"]*)">/g)].map((m) => m[1]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
}

function assertPageHeaders(headers: Record<string, unknown>): void {
  assert.match(String(headers['content-security-policy']), /default-src 'none'; script-src 'self'/);
  assert.equal(headers['x-content-type-options'], 'nosniff');
}

for (const dialect of DIALECTS) {
  describe(`web repository files pages (${dialect})`, () => {
    let f: GitFixture;
    let root: WebClient;
    let project: { id: number; path: string };
    let headSha: string;

    before(async () => {
      f = await startGitFixture(dialect);
      root = new WebClient(f.t);
      await root.signIn('root', ROOT_PASSWORD);
      project = await f.createProject('Files Demo');
      const work = await f.cli.dir('files');
      assert.equal((await f.cli.git(['clone', '--quiet', httpUrl(f.baseUrl, project.path, f.t.rootToken), work])).code, 0);
      await f.cli.commit(
        work,
        {
          'README.md': HOSTILE_README,
          'docs/guide.md': '# Guide\n\nBack to [the top](../README.md).\n',
          'docs/README': 'plain text readme <b>not bold</b>\n',
          'img/logo.png': PNG,
          'img/evil.svg': EVIL_SVG,
          'src/app.ts': 'const greeting: string = "hi";\nexport function hello() {\n  return greeting;\n}\n',
          'bin/data.bin': Buffer.from([0, 1, 2, 3, 0, 255]),
          'bin/lines.txt': 'x\n'.repeat(20_001),
          'bin/big.md': `# Big\n\n${`${'word '.repeat(20)}\n`.repeat(6000)}`,
          [WEIRD]: 'weird content\n',
        },
        'First files',
      );
      assert.equal((await f.cli.git(['push', '--quiet', 'origin', 'main'], { cwd: work })).code, 0);
      assert.equal((await f.cli.git(['switch', '--quiet', '-c', 'feature/x'], { cwd: work })).code, 0);
      await f.cli.commit(work, { 'src/app.ts': 'export const onFeature = true;\n' }, 'Feature change');
      assert.equal((await f.cli.git(['push', '--quiet', 'origin', 'feature/x'], { cwd: work })).code, 0);
      assert.equal((await f.cli.git(['tag', 'v1.0', 'main'], { cwd: work })).code, 0);
      assert.equal((await f.cli.git(['push', '--quiet', 'origin', 'v1.0'], { cwd: work })).code, 0);
      headSha = (await f.cli.git(['rev-parse', 'main'], { cwd: work })).stdout.trim();
    });
    after(() => f.close());

    const base = () => `/${project.path}`;

    test('GET /-/tree/main lists directories first, each entry linked, with its last commit, and the CSP', async () => {
      const res = await root.get(`${base()}/-/tree/main`);
      assert.equal(res.status, 200);
      assertPageHeaders(res.headers);
      assert.deepEqual(entries(res.body), ['bin', 'docs', 'img', 'odd dir', 'src', 'README.md']);
      assert.match(res.body, new RegExp(`<a href="${base()}/-/tree/main/docs" class="entry-tree">docs/</a>`));
      assert.match(res.body, new RegExp(`<a href="${base()}/-/blob/main/README.md" class="entry-blob">README.md</a>`));
      assert.match(res.body, new RegExp(`<a href="${base()}/-/commit/${headSha}">First files</a>`));
      assert.match(res.body, /<select id="ref-switcher-select" name="ref">/);
      assert.match(res.body, /<option value="feature\/x">feature\/x<\/option>/);
      assert.match(res.body, /<option value="v1.0">v1.0<\/option>/);
    });

    test('the root README renders below the tree, hostile HTML as text and relative links inside the repository', async () => {
      const res = await root.get(`${base()}/-/tree/main`);
      const readme = res.body.slice(res.body.indexOf('class="readme"'));
      assert.ok(!readme.includes('<script>'), 'no script element');
      assert.ok(!/<img[^>]*onerror/.test(readme), 'no event handler');
      assert.ok(!/<svg/.test(readme), 'no svg element');
      assert.ok(!/href="javascript:/i.test(readme), 'no javascript: link');
      assert.match(textOf(readme), /<script>alert\("readme"\)<\/script>/);
      assert.match(readme, new RegExp(`<a href="${base()}/-/blob/main/docs/guide.md">the guide</a>`));
      assert.match(readme, new RegExp(`<img src="${base()}/-/raw/main/img/logo.png" alt="logo"`));
    });

    test('a sub-directory shows its breadcrumb, a parent link and its plain-text README as text', async () => {
      const res = await root.get(`${base()}/-/tree/main/docs`);
      assert.equal(res.status, 200);
      assert.deepEqual(entries(res.body), ['docs/README', 'docs/guide.md']);
      assert.match(res.body, new RegExp(`<a href="${base()}/-/tree/main" aria-label="Parent directory">`));
      assert.match(res.body, /<strong aria-current="page">docs<\/strong>/);
      assert.match(res.body, /<pre>plain text readme &lt;b>not bold&lt;\/b>/);
    });

    test('a ref with a slash: /-/tree/feature/x/src and /-/blob/feature/x/src/app.ts read the feature branch', async () => {
      const tree = await root.get(`${base()}/-/tree/feature/x/src`);
      assert.equal(tree.status, 200);
      assert.match(tree.body, new RegExp(`<a href="${base()}/-/blob/feature/x/src/app.ts" class="entry-blob">app.ts</a>`));
      assert.match(tree.body, /<option value="feature\/x" selected>feature\/x<\/option>/);
      const blob = await root.get(`${base()}/-/blob/feature/x/src/app.ts`);
      assert.equal(blob.status, 200);
      assert.ok(textOf(blob.body).replace(/\s+/g, '').includes('exportconstonFeature=true;'));
      assert.match(tree.body, new RegExp(`href="${base()}/-/commits/feature/x/src"`));
    });

    test('GET /-/blob shows numbered, self-linking, highlighted lines and the raw, download, history and permalink links', async () => {
      const res = await root.get(`${base()}/-/blob/main/src/app.ts`);
      assert.equal(res.status, 200);
      assertPageHeaders(res.headers);
      assert.match(res.body, /<a id="L1" href="#L1">1<\/a>/);
      assert.match(res.body, /<a id="L4" href="#L4">4<\/a>/);
      assert.ok(!res.body.includes('id="L5"'));
      assert.match(res.body, /<span class="hljs-keyword">const<\/span>/);
      assert.match(res.body, new RegExp(`<a href="${base()}/-/raw/main/src/app.ts">Open raw</a>`));
      assert.match(res.body, new RegExp(`<a href="${base()}/-/raw/main/src/app.ts\\?inline=false">Download</a>`));
      assert.match(res.body, new RegExp(`<a href="${base()}/-/commits/main/src/app.ts">History</a>`));
      assert.match(res.body, new RegExp(`<a href="${base()}/-/blob/${headSha}/src/app.ts">Permalink</a>`));
      const permalink = await root.get(`${base()}/-/blob/${headSha}/src/app.ts`);
      assert.equal(permalink.status, 200);
      assert.match(textOf(permalink.body), /return greeting;/);
    });

    test('a Markdown file is rendered, with ?plain=1 its numbered source', async () => {
      const rendered = await root.get(`${base()}/-/blob/main/docs/guide.md`);
      assert.match(rendered.body, /<h1>Guide<\/h1>/);
      assert.match(rendered.body, new RegExp(`<a href="${base()}/-/blob/main/README.md">the top</a>`));
      assert.match(rendered.body, new RegExp(`<a href="${base()}/-/blob/main/docs/guide.md\\?plain=1">Display source</a>`));
      const source = await root.get(`${base()}/-/blob/main/docs/guide.md?plain=1`);
      assert.match(source.body, /<a id="L3" href="#L3">3<\/a>/);
      assert.ok(textOf(source.body).replace(/\s+/g, '').includes('Backto[thetop](../README.md).'));
      assert.match(source.body, /Display rendered file/);
    });

    test('an image is shown through its raw URL; a binary file is offered as a download', async () => {
      const image = await root.get(`${base()}/-/blob/main/img/logo.png`);
      assert.match(image.body, new RegExp(`<img src="${base()}/-/raw/main/img/logo.png" alt="logo.png"`));
      const svg = await root.get(`${base()}/-/blob/main/img/evil.svg`);
      assert.match(svg.body, new RegExp(`<img src="${base()}/-/raw/main/img/evil.svg"`));
      assert.ok(!svg.body.includes('<script>alert'), 'the SVG is never inlined');
      const binary = await root.get(`${base()}/-/blob/main/bin/data.bin`);
      assert.equal(binary.status, 200);
      assert.match(textOf(binary.body), /This file is binary and cannot be shown\. Download it \(6 B\)\./);
      assert.match(binary.body, new RegExp(`href="${base()}/-/raw/main/bin/data.bin\\?inline=false"`));
    });

    test('GET /-/raw serves text as text/plain, images as images, SVG only in a sandbox, binary as octet-stream, ?inline=false as attachment', async () => {
      const text = await root.get(`${base()}/-/raw/main/src/app.ts`);
      assert.equal(text.status, 200);
      assert.equal(text.headers['content-type'], 'text/plain; charset=utf-8');
      assert.equal(text.headers['x-content-type-options'], 'nosniff');
      assert.equal(text.headers['content-disposition'], `inline; filename="app.ts"; filename*=UTF-8''app.ts`);
      assert.match(text.body, /^const greeting/);
      const png = await root.get(`${base()}/-/raw/main/img/logo.png`);
      assert.equal(png.headers['content-type'], 'image/png');
      assert.equal(Number(png.headers['content-length']), PNG.length);
      const svg = await root.get(`${base()}/-/raw/main/img/evil.svg`);
      assert.equal(svg.headers['content-type'], 'image/svg+xml');
      assert.equal(svg.headers['content-security-policy'], "sandbox; default-src 'none'; style-src 'unsafe-inline'");
      const binary = await root.get(`${base()}/-/raw/main/bin/data.bin`);
      assert.equal(binary.headers['content-type'], 'application/octet-stream');
      const download = await root.get(`${base()}/-/raw/main/src/app.ts?inline=false`);
      assert.match(String(download.headers['content-disposition']), /^attachment; filename="app.ts"/);
    });

    test('a file named with spaces, unicode, <script> and quotes is listed, shown and served escaped', async () => {
      const dir = await root.get(`${base()}/-/tree/main/odd%20dir`);
      assert.equal(dir.status, 200);
      assert.deepEqual(entries(dir.body), [WEIRD]);
      assert.ok(!dir.body.includes('<script>x'), 'the name is escaped');
      const href = `${base()}/-/blob/main/${WEIRD.split('/').map(encodeURIComponent).join('/')}`;
      assert.ok(dir.body.includes(`href="${href.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`), 'the link is encoded');
      const blob = await root.get(href);
      assert.equal(blob.status, 200);
      assert.match(textOf(blob.body), /weird content/);
      assert.ok(!blob.body.includes('<script>x'));
      const raw = await root.get(href.replace('/-/blob/', '/-/raw/'));
      assert.equal(raw.status, 200);
      assert.equal(raw.body, 'weird content\n');
      assert.match(String(raw.headers['content-disposition']), /^inline; filename="_n_ <script>x<script> _q'.txt"; filename\*=UTF-8''%C3%BCn%C3%AF%20%3Cscript%3Ex%3Cscript%3E%20%22q%27.txt$/);
    });

    test('the ref switcher sends the browser to the same path at the chosen branch or tag', async () => {
      const tree = await root.get(`${base()}/-/refs/switch?destination=tree&path=src&ref=feature%2Fx`);
      assert.equal(tree.status, 302);
      assert.equal(tree.headers.location, `${base()}/-/tree/feature/x/src`);
      const blob = await root.get(`${base()}/-/refs/switch?destination=blob&path=src%2Fapp.ts&ref=v1.0`);
      assert.equal(blob.headers.location, `${base()}/-/blob/v1.0/src/app.ts`);
      assert.equal((await root.get(String(blob.headers.location))).status, 200);
    });

    test('the ref switcher and the compare form send the browser nowhere outside the project: a `..` ref or path is 404', async () => {
      const climbing = [
        '/-/refs/switch?destination=tree&ref=..%2F..%2F..%2F..%2F-%2Fuser_settings%2Fpersonal_access_tokens',
        '/-/refs/switch?destination=blob&ref=main&path=..%2F..%2F..%2F..%2F..%2Fadmin',
        '/-/refs/switch?destination=tree&ref=-%2F..%2F..',
        '/-/compare?from=..%2F..%2F..%2F..%2Fadmin&to=main',
        '/-/compare?from=main&to=.%2F..%2F..%2F..',
      ];
      for (const url of climbing) {
        const res = await root.get(`${base()}${url}`);
        assert.equal(res.status, 404, url);
        assert.equal(res.headers.location, undefined, url);
        assert.ok(!/href="[^"]*\/\.\.?(\/|")/.test(res.body), `${url}: no link climbs`);
      }
      const compared = await root.get(`${base()}/-/compare?from=..%2F..%2Fx&to=main`);
      assert.match(textOf(compared.body), /No branch, tag or commit is named "\.\.\/\.\.\/x"\./);
    });

    test('HEAD of a raw file answers its headers without streaming the file out of git (only its first bytes are read, to type it)', async () => {
      const spawn = childProcess.spawn;
      const blobReads: string[] = [];
      childProcess.spawn = ((command: string, args: readonly string[], ...rest: unknown[]) => {
        if (args[0] === 'cat-file' && args[1] === 'blob') blobReads.push(args[2]!);
        return (spawn as (...a: unknown[]) => childProcess.ChildProcess)(command, args, ...rest);
      }) as typeof spawn;
      syncBuiltinESMExports();
      try {
        const url = `${base()}/-/raw/main/src/app.ts`;
        const got = await root.get(url);
        assert.equal(blobReads.length, 2, 'GET: the first bytes, then the file');
        blobReads.length = 0;
        const head = await root.head(url);
        assert.equal(head.status, 200);
        assert.equal(head.body, '');
        for (const name of ['content-type', 'content-length', 'content-disposition', 'content-security-policy']) assert.equal(head.headers[name], got.headers[name], name);
        assert.equal(head.headers['content-length'], String(Buffer.byteLength(got.body)));
        assert.equal(blobReads.length, 1, 'HEAD: the first bytes only');
      } finally {
        childProcess.spawn = spawn;
        syncBuiltinESMExports();
      }
    });

    test('a small file of more than 20,000 lines is offered as a download, not drawn a row a line', async () => {
      const res = await root.get(`${base()}/-/blob/main/bin/lines.txt`);
      assert.equal(res.status, 200);
      assert.match(textOf(res.body), /The source could not be displayed because it has more than 20,000 lines\. Download it \( ?39\.1 KiB\)/);
      assert.match(res.body, new RegExp(`href="${base()}/-/raw/main/bin/lines.txt\\?inline=false"`));
      assert.ok(!res.body.includes('id="L1"'), 'no line of it is shown');
    });

    test('a Markdown file over 512 KB shows its source lines instead of being rendered', async () => {
      const res = await root.get(`${base()}/-/blob/main/bin/big.md`);
      assert.equal(res.status, 200);
      assert.ok(res.body.includes('id="L1"'), 'its lines are shown');
      assert.ok(!res.body.includes('class="markdown"'), 'it is not rendered');
      assert.ok(!res.body.includes('<h1>Big</h1>'));
    });

    test('a missing ref, path or file, a directory as a file and a path climbing out answer the 404 page', async () => {
      for (const url of ['/-/tree/nope', '/-/tree/main/nope', '/-/blob/main/nope.txt', '/-/blob/main/docs', '/-/raw/main/nope', '/-/blob/main/docs/..%2F..%2Fetc', '/-/raw/main']) {
        const res = await root.get(`${base()}${url}`);
        assert.equal(res.status, 404, url);
        assertPageHeaders(res.headers);
      }
    });

    test('a private project: signed out is sent to sign in, a non-member and a Guest get 404, a Reporter reads it', async () => {
      const anonymous = new WebClient(f.t);
      const signedOut = await anonymous.get(`${base()}/-/tree/main`);
      assert.equal(signedOut.status, 303);
      assert.match(String(signedOut.headers.location), /^\/users\/sign_in\?redirect_to=/);
      assert.equal((await anonymous.get(`${base()}/-/raw/main/src/app.ts`)).status, 303);
      const outsider = await f.t.createUser('files-outsider');
      const guest = await f.t.createUser('files-guest');
      const reporter = await f.t.createUser('files-reporter');
      await addMember(f.t, project.id, guest.id, 10);
      await addMember(f.t, project.id, reporter.id, 20);
      for (const [name, status] of [['files-outsider', 404], ['files-guest', 404], ['files-reporter', 200]] as const) {
        const client = new WebClient(f.t);
        await client.signIn(name, 'password-123');
        for (const url of ['/-/tree/main', '/-/blob/main/src/app.ts', '/-/raw/main/src/app.ts']) {
          assert.equal((await client.get(`${base()}${url}`)).status, status, `${name} ${url}`);
        }
      }
      assert.ok(outsider.id > 0);
    });

    test('a public project is browsable signed out', async () => {
      const open = await f.createProject('Open Files', 'public');
      await f.seed(open.path);
      const anonymous = new WebClient(f.t);
      const res = await anonymous.get(`/${open.path}/-/tree/main/docs`);
      assert.equal(res.status, 200);
      assert.deepEqual(entries(res.body), ['docs/guide.md']);
      assert.equal((await anonymous.get(`/${open.path}/-/raw/main/README.md`)).body, '# Seed\n');
    });

    test('the overview shows the default branch\'s files and README', async () => {
      const res = await root.get(base());
      assert.equal(res.status, 200);
      assert.deepEqual(entries(res.body), ['bin', 'docs', 'img', 'odd dir', 'src', 'README.md']);
      assert.match(res.body, /<h1>Hostile<\/h1>/);
      assert.ok(!res.body.includes('The repository is empty'));
    });

    test('the overview of an empty repository explains the first push over HTTP and SSH, and prints no token', async () => {
      const empty = await f.createProject('Nothing Yet');
      const res = await root.get(`/${empty.path}`);
      assert.equal(res.status, 200);
      const text = textOf(res.body);
      assert.match(text, /The repository is empty/);
      const entity = (await f.t.api('GET', `/projects/${empty.id}`)).body;
      assert.ok(text.includes(`git clone ${entity.http_url_to_repo}`));
      assert.ok(text.includes(`git remote add origin ${entity.ssh_url_to_repo}`));
      assert.ok(text.includes('git push -u origin main'));
      assert.ok(text.includes('git push --set-upstream origin main'));
      assert.ok(!res.body.includes(f.t.rootToken));
      assert.ok(!/glpat-/.test(res.body));
      assert.equal((await root.get(`/${empty.path}/-/tree/main`)).status, 404);
    });
  });
}
