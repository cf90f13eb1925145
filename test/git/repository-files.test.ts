import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startGitFixture, type GitFixture } from './git-fixture.ts';
import { httpUrl } from './git-cli.ts';

const BINARY = Buffer.from([0, 1, 2, 255, 254, 0, 10, 13, 0x89, 0x50, 0x4e, 0x47]);

for (const dialect of DIALECTS) {
  describe(`repository files API: tree, files and blobs (${dialect})`, () => {
    let f: GitFixture;
    let project: { id: number; path: string };
    let clone: string;
    let developer: string;
    const p = () => `/projects/${project.id}`;
    const file = (path: string) => `${p()}/repository/files/${encodeURIComponent(path)}`;

    /** The branch as git sees it after a fetch: `git cat-file` on origin's ref, byte for byte. */
    const gitShow = async (rev: string): Promise<Buffer> => {
      assert.equal((await f.cli.git(['fetch', '--quiet', 'origin'], { cwd: clone })).code, 0);
      return execFileSync('git', ['cat-file', '-p', rev], { cwd: clone, env: { PATH: process.env.PATH, HOME: f.cli.home } });
    };
    const gitText = async (...args: string[]) => (await f.cli.git(args, { cwd: clone })).stdout;

    before(async () => {
      f = await startGitFixture(dialect);
      project = await f.createProject('files');
      await f.seed(project.path);
      clone = f.cli.dir('check');
      assert.equal((await f.cli.git(['clone', '--quiet', httpUrl(f.baseUrl, project.path, f.t.rootToken), clone])).code, 0);
      developer = (await f.projectToken(project.id, ['api'], 30)).token;
    });
    after(() => f.close());

    test('POST, GET, PUT and DELETE /projects/:id/repository/files/:file_path: each a commit on the branch, content byte for byte', async () => {
      const created = await f.t.api('POST', file('bin/tool'), {
        token: developer,
        body: { branch: 'main', commit_message: 'Add a tool', content: BINARY.toString('base64'), encoding: 'base64', execute_filemode: true },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.deepEqual(created.body, { file_path: 'bin/tool', branch: 'main' });
      assert.deepEqual(await gitShow('origin/main:bin/tool'), BINARY);
      assert.match(await gitText('ls-tree', 'origin/main', 'bin/tool'), /^100755 blob /);
      assert.match(await gitText('log', '-1', '--format=%s|%an|%cn', 'origin/main'), /^Add a tool\|bot-\d+\|bot-\d+/);

      const text = 'héllo wörld ✓\n\u0000tail';
      const utf8 = await f.t.api('POST', file('docs/ünïcode.txt'), { token: developer, body: { branch: 'main', commit_message: 'Text', content: text } });
      assert.equal(utf8.status, 201, JSON.stringify(utf8.body));
      assert.deepEqual(await gitShow('origin/main:docs/ünïcode.txt'), Buffer.from(text, 'utf8'));
      const empty = await f.t.api('POST', file('empty'), { token: developer, body: { branch: 'main', commit_message: 'Empty', content: '' } });
      assert.equal(empty.status, 201, JSON.stringify(empty.body));
      assert.equal((await gitShow('origin/main:empty')).length, 0);

      const read = await f.t.api('GET', `${file('bin/tool')}?ref=main`, { token: developer });
      assert.equal(read.status, 200);
      const last = (await gitText('log', '-1', '--format=%H', 'origin/main', '--', 'bin/tool')).trim();
      const head = (await gitText('rev-parse', 'origin/main')).trim();
      assert.deepEqual(read.body, {
        file_name: 'tool',
        file_path: 'bin/tool',
        size: BINARY.length,
        encoding: 'base64',
        content_sha256: createHash('sha256').update(BINARY).digest('hex'),
        ref: 'main',
        blob_id: (await gitText('rev-parse', 'origin/main:bin/tool')).trim(),
        commit_id: head,
        last_commit_id: last,
        execute_filemode: true,
        content: BINARY.toString('base64'),
      });
      assert.equal(read.headers['x-gitlab-last-commit-id'], last);
      assert.equal(read.headers['content-type'], 'application/json');

      const headed = await f.t.api('HEAD', `${file('bin/tool')}?ref=main`, { token: developer });
      assert.equal(headed.status, 200);
      assert.equal(headed.body, null);
      assert.equal(headed.headers['x-gitlab-file-path'], 'bin/tool');
      assert.equal(headed.headers['x-gitlab-size'], String(BINARY.length));
      assert.equal(headed.headers['x-gitlab-execute-filemode'], 'true');
      assert.equal(headed.headers['x-gitlab-content-sha256'], read.body.content_sha256);

      const updated = await f.t.api('PUT', file('bin/tool'), {
        token: developer,
        body: { branch: 'main', commit_message: 'Rewrite', content: '#!/bin/sh\n', last_commit_id: last, execute_filemode: false, author_name: 'Ada', author_email: 'ada@example.com' },
      });
      assert.equal(updated.status, 200, JSON.stringify(updated.body));
      assert.deepEqual(updated.body, { file_path: 'bin/tool', branch: 'main' });
      assert.equal((await gitShow('origin/main:bin/tool')).toString(), '#!/bin/sh\n');
      assert.match(await gitText('ls-tree', 'origin/main', 'bin/tool'), /^100644 blob /);
      assert.match(await gitText('log', '-1', '--format=%an <%ae>|%cn', 'origin/main'), /^Ada <ada@example.com>\|bot-\d+/);

      const deleted = await f.t.api('DELETE', file('empty'), { token: developer, body: { branch: 'main', commit_message: 'Remove' } });
      assert.equal(deleted.status, 204);
      await gitShow('origin/main');
      assert.equal(await gitText('ls-tree', '--name-only', 'origin/main', 'empty'), '');
      assert.equal((await gitText('rev-list', '--count', 'origin/main')).trim(), '6', 'the seed and five commits, one per write');
    });

    test('file writes refuse what GitLab refuses, with its messages, and move nothing', async () => {
      await gitShow('origin/main');
      const before = (await gitText('rev-parse', 'origin/main')).trim();
      const cases: [string, string, unknown, number, unknown][] = [
        ['POST', 'README.md', { branch: 'main', commit_message: 'x', content: 'y' }, 400, { message: 'A file with this name already exists' }],
        ['POST', 'docs', { branch: 'main', commit_message: 'x', content: 'y' }, 400, { message: 'A directory with this name already exists' }],
        ['POST', 'README.md/inside', { branch: 'main', commit_message: 'x', content: 'y' }, 400, { message: 'A file with this name already exists' }],
        ['PUT', 'missing.txt', { branch: 'main', commit_message: 'x', content: 'y' }, 400, { message: "A file with this name doesn't exist" }],
        ['DELETE', 'missing.txt', { branch: 'main', commit_message: 'x' }, 400, { message: "A file with this name doesn't exist" }],
        ['PUT', 'README.md', { branch: 'main', commit_message: 'x', content: 'y', last_commit_id: '0'.repeat(40) }, 400, { message: 'You are attempting to update a file that has changed since you started editing it.' }],
        ['POST', 'new.txt', { branch: 'nope', commit_message: 'x', content: 'y' }, 400, { message: 'You can only create or edit files when you are on a branch' }],
        ['POST', 'new.txt', { branch: 'b2', start_branch: 'nope', commit_message: 'x', content: 'y' }, 400, { message: 'You can only create or edit files when you are on a branch' }],
        ['POST', 'new.txt', { branch: 'bad..name', start_branch: 'main', commit_message: 'x', content: 'y' }, 400, { message: "Something went wrong when we tried to create 'bad..name' for you: Branch name is invalid" }],
        ['POST', 'new.txt', {}, 400, { error: 'branch is missing, branch is empty, commit_message is missing, commit_message is empty, content is missing' }],
        ['POST', 'new.txt', { branch: 'main', commit_message: '', content: 'x' }, 400, { error: 'commit_message is empty' }],
        ['POST', 'new.txt', { branch: 'main', commit_message: 'x', content: 'x', encoding: 'hex' }, 400, { error: 'encoding does not have a valid value' }],
        ['POST', 'new.txt', { branch: 'main', commit_message: 'x', content: 'x', author_name: 'Eve <evil>' }, 400, { error: 'author_name is invalid' }],
      ];
      for (const [method, path, body, status, answer] of cases) {
        const res = await f.t.api(method, file(path), { token: developer, body });
        assert.equal(res.status, status, `${method} ${path} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
        assert.deepEqual(res.body, answer, `${method} ${path} ${JSON.stringify(body)}`);
      }
      await gitShow('origin/main');
      assert.equal((await gitText('rev-parse', 'origin/main')).trim(), before, 'no refused write moved the branch');
      const branches = await f.t.api('GET', `${p()}/repository/branches`);
      assert.deepEqual(branches.body.map((b: any) => b.name).sort(), ['main']);
    });

    test('hostile file paths are 400 on every files route and never reach git', async () => {
      for (const hostile of ['..%2Fx', '%2Fabs', '.git%2Fconfig', 'a%00b', '%2e%2e%2Fx', 'a%2F..%2F..%2Fx', 'x%2F']) {
        for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'] as const) {
          const res = await f.t.api(method, `${p()}/repository/files/${hostile}?ref=main`, {
            token: developer,
            body: method === 'GET' || method === 'HEAD' ? undefined : { branch: 'main', commit_message: 'x', content: 'y' },
          });
          assert.equal(res.status, 400, `${method} ${hostile}: ${JSON.stringify(res.body)}`);
          if (method !== 'HEAD') assert.deepEqual(res.body, { error: 'file_path should be a valid file path' }, `${method} ${hostile}`);
        }
      }
      const tree = await f.t.api('GET', `${p()}/repository/tree?path=..%2F..`, { token: developer });
      assert.equal(tree.status, 400);
      // A bare `%2e%2e` segment, sent as written over a socket (inject would resolve it as `..`).
      const raw = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const { hostname, port } = new URL(f.baseUrl);
        const target = { hostname, port, path: `/api/v4${p()}/repository/files/%2e%2e?ref=main`, headers: { 'private-token': developer } };
        const request = http.request(target, (response) => {
          let body = '';
          response.on('data', (chunk) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode!, body }));
        });
        request.on('error', reject);
        request.end();
      });
      assert.deepEqual([raw.status, JSON.parse(raw.body)], [400, { error: 'file_path should be a valid file path' }]);
    });

    test('GET .../files/:file_path needs ref; a missing file, ref or project is 404', async () => {
      const noRef = await f.t.api('GET', file('README.md'), { token: developer });
      assert.equal(noRef.status, 400);
      assert.deepEqual(noRef.body, { error: 'ref is missing, ref is empty' });
      assert.deepEqual((await f.t.api('GET', `${file('README.md')}?ref=`, { token: developer })).body, { error: 'ref is empty' });
      assert.deepEqual((await f.t.api('GET', `${file('nope.md')}?ref=main`, { token: developer })).body, { message: '404 File Not Found' });
      assert.deepEqual((await f.t.api('GET', `${file('docs')}?ref=main`, { token: developer })).body, { message: '404 File Not Found' });
      assert.deepEqual((await f.t.api('GET', `${file('README.md')}?ref=nope`, { token: developer })).body, { message: '404 Commit Not Found' });
      assert.equal((await f.t.api('GET', `/projects/999999/repository/files/README.md?ref=main`, { token: developer })).status, 404);
    });

    test('GET .../files/:file_path/raw still streams the file with its X-Gitlab headers', async () => {
      const res = await f.t.api('GET', `${file('docs/guide.md')}/raw?ref=main`, { token: developer });
      assert.equal(res.status, 200);
      assert.equal(res.body, 'Read me.\n');
      assert.equal(res.headers['x-gitlab-file-path'], 'docs%2Fguide.md');
      assert.equal(res.headers['x-gitlab-size'], '9');
    });

    test('GET /projects/:id/repository/tree lists directories first, recursively, paginated with GitLab headers', async () => {
      const seedOnly = (await gitText('rev-list', '--max-parents=0', 'origin/main')).trim();
      const commit = await f.t.api('POST', `${p()}/repository/commits`, {
        token: developer,
        body: {
          branch: 'tree',
          start_sha: seedOnly,
          commit_message: 'A tree',
          actions: [
            { action: 'create', file_path: 'z-dir/a.txt', content: 'a' },
            { action: 'create', file_path: 'z-dir/deep/b.txt', content: 'b' },
            { action: 'create', file_path: 'a-file', content: 'c' },
          ],
        },
      });
      assert.equal(commit.status, 201, JSON.stringify(commit.body));
      const root = await f.t.api('GET', `${p()}/repository/tree?ref=tree`, { token: developer });
      assert.equal(root.status, 200);
      assert.deepEqual(root.body.map((e: any) => [e.type, e.path, e.mode]), [
        ['tree', 'docs', '040000'],
        ['tree', 'z-dir', '040000'],
        ['blob', 'README.md', '100644'],
        ['blob', 'a-file', '100644'],
      ]);
      assert.equal(root.headers['x-total'], '4');
      assert.deepEqual(Object.keys(root.body[0]), ['id', 'name', 'type', 'path', 'mode']);
      assert.equal(root.body[0].name, 'docs');

      const sub = await f.t.api('GET', `${p()}/repository/tree?ref=tree&path=z-dir&recursive=true&per_page=2&page=2`, { token: developer });
      assert.equal(sub.status, 200);
      // z-dir/deep, then z-dir/a.txt, then z-dir/deep/b.txt: the second page of two holds the last.
      assert.deepEqual(sub.body.map((e: any) => [e.type, e.name, e.path]), [['blob', 'b.txt', 'z-dir/deep/b.txt']]);
      assert.equal(sub.headers['x-total'], '3');
      assert.equal(sub.headers['x-page'], '2');
      assert.match(String(sub.headers.link), /rel="prev"/);

      const all = await f.t.api('GET', `${p()}/repository/tree?ref=tree&recursive=true&pagination=none`, { token: developer });
      assert.equal(all.body.length, 8);
      assert.equal(all.headers['x-total'], undefined);
      assert.deepEqual((await f.t.api('GET', `${p()}/repository/tree?pagination=none`, { token: developer })).body, {
        error: 'pagination cannot be "none" unless "recursive" is true',
      });
      assert.deepEqual((await f.t.api('GET', `${p()}/repository/tree?ref=nope`, { token: developer })).body, { message: '404 Tree Not Found' });
      assert.deepEqual((await f.t.api('GET', `${p()}/repository/tree?path=bogus`, { token: developer })).body, { message: '404 invalid revision or path Not Found' });
      assert.deepEqual((await f.t.api('GET', `${p()}/repository/tree?path=README.md`, { token: developer })).body, { message: '404 invalid revision or path Not Found' });
      const emptyProject = await f.createProject('empty-tree');
      assert.deepEqual((await f.t.api('GET', `/projects/${emptyProject.id}/repository/tree`)).body, { message: '404 Tree Not Found' });
    });

    test('GET /projects/:id/repository/blobs/:sha and /raw: the blob by id, base64 or streamed; anything else 404 Blob Not Found', async () => {
      await gitShow('origin/main');
      const sha = (await gitText('rev-parse', 'origin/main:docs/guide.md')).trim();
      const blob = await f.t.api('GET', `${p()}/repository/blobs/${sha}`, { token: developer });
      assert.equal(blob.status, 200);
      assert.deepEqual(blob.body, { size: 9, encoding: 'base64', content: Buffer.from('Read me.\n').toString('base64'), sha });
      const raw = await f.t.api('GET', `${p()}/repository/blobs/${sha}/raw`, { token: developer });
      assert.equal(raw.status, 200);
      assert.equal(raw.body, 'Read me.\n');
      assert.equal(raw.headers['content-disposition'], 'inline');
      const commitSha = (await gitText('rev-parse', 'origin/main')).trim();
      for (const bad of [commitSha, 'abcd9876', '--output=x', 'HEAD', 'main']) {
        const res = await f.t.api('GET', `${p()}/repository/blobs/${encodeURIComponent(bad)}`, { token: developer });
        assert.deepEqual([res.status, res.body], [404, { message: '404 Blob Not Found' }], bad);
      }
    });

    test('a Reporter reads but may not write; a read_api token may not write; an outsider sees 404', async () => {
      const reporter = await f.projectToken(project.id, ['api'], 20);
      assert.equal((await f.t.api('GET', `${p()}/repository/tree`, { token: reporter.token })).status, 200);
      const refused = await f.t.api('POST', file('r.txt'), { token: reporter.token, body: { branch: 'main', commit_message: 'x', content: 'y' } });
      assert.deepEqual([refused.status, refused.body], [403, { message: '403 Forbidden' }]);
      const readOnly = await f.projectToken(project.id, ['read_api'], 40);
      const scoped = await f.t.api('PUT', file('README.md'), { token: readOnly.token, body: { branch: 'main', commit_message: 'x', content: 'y' } });
      assert.equal(scoped.status, 403);
      assert.equal(scoped.body.error, 'insufficient_scope');
      const guest = await f.projectToken(project.id, ['api'], 10);
      assert.equal((await f.t.api('GET', `${p()}/repository/tree`, { token: guest.token })).status, 403);
      const outsider = await f.t.createUser('files-outsider');
      assert.deepEqual((await f.t.api('DELETE', file('README.md'), { token: outsider.token, body: { branch: 'main', commit_message: 'x' } })).body, {
        message: '404 Project Not Found',
      });
    });

    test('a curl-style form writes a file too, and a body over the cap is 413', async () => {
      const form = await f.t.api('POST', file('form.txt'), {
        token: developer,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'branch=main&commit_message=Form&content=a%26b%3Dc',
      });
      assert.equal(form.status, 201, JSON.stringify(form.body));
      assert.equal((await gitShow('origin/main:form.txt')).toString(), 'a&b=c');
      const huge = await f.t.api('POST', file('huge.bin'), {
        token: developer,
        body: { branch: 'main', commit_message: 'x', content: 'A'.repeat(33 * 1024 * 1024) },
      });
      assert.equal(huge.status, 413);
    });
  });
}
