import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startGitFixture, type GitFixture } from './git-fixture.ts';

for (const dialect of DIALECTS) {
  describe(`repository API: archives and branch writes (${dialect})`, () => {
    let f: GitFixture;
    let project: { id: number; path: string };
    let work: string;
    let main: string;
    let readApi: string;
    let developer: { token: string; userId: number };

    const git = async (args: string[]) => {
      const res = await f.cli.git(args, { cwd: work });
      assert.equal(res.code, 0, res.stderr);
      return res.stdout.trim();
    };

    /** An archive over real HTTP, saved where the real tar and unzip can read it. */
    const download = async (query: string) => {
      const res = await fetch(`${f.baseUrl}/api/v4/projects/${project.id}/repository/${query}`, { headers: { 'private-token': readApi } });
      const body = Buffer.from(await res.arrayBuffer());
      const file = path.join(f.cli.dir('download'), 'archive');
      writeFileSync(file, body);
      return { res, file, body };
    };
    const fileNameOf = (res: Response) => /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1];

    const pushEvents = async () => ((await f.t.api('GET', `/projects/${project.id}/events?per_page=100`)).body as any[]).filter((event) => event.push_data);

    before(async () => {
      f = await startGitFixture(dialect);
      project = await f.createProject('library');
      work = await f.seed(project.path);
      await f.cli.commit(work, { 'docs/deep/page.md': 'deep\n', 'bin/tool.sh': '#!/bin/sh\n' }, 'Second');
      await git(['tag', 'v1.0']);
      await git(['push', '--quiet', 'origin', 'main', 'v1.0']);
      main = await git(['rev-parse', 'HEAD']);
      readApi = (await f.projectToken(project.id, ['read_api'], 20)).token;
      developer = await f.projectToken(project.id, ['api'], 30, { name: 'release-bot' });
    });
    after(() => f.close());

    test('GET /projects/:id/repository/archive streams a tar.gz of the default branch, named as GitLab names it', async () => {
      const { res, file } = await download('archive');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/octet-stream');
      const name = `library-main-${main}`;
      assert.equal(fileNameOf(res), `${name}.tar.gz`);
      const listed = await f.cli.run('tar', ['-tzf', file]);
      assert.deepEqual(listed.stdout.trim().split('\n').filter((entry) => !entry.endsWith('/')).sort(), [
        `${name}/README.md`,
        `${name}/bin/tool.sh`,
        `${name}/docs/deep/page.md`,
        `${name}/docs/guide.md`,
      ]);
      const out = f.cli.dir('unpacked');
      assert.equal((await f.cli.run('tar', ['-xzf', file, '-C', out])).code, 0);
      assert.equal(readFileSync(path.join(out, name, 'docs/deep/page.md'), 'utf8'), 'deep\n');
    });

    test('GET /projects/:id/repository/archive.zip?sha=v1.0&path=docs is a zip of that folder at the tag', async () => {
      const { res, file } = await download('archive.zip?sha=v1.0&path=docs');
      assert.equal(res.status, 200);
      const name = `library-v1.0-${main}-docs`;
      assert.equal(fileNameOf(res), `${name}.zip`);
      const out = f.cli.dir('unzipped');
      const unzip = await f.cli.run('unzip', ['-q', file, '-d', out]);
      assert.equal(unzip.code, 0, unzip.stderr);
      assert.equal(readFileSync(path.join(out, name, 'docs/guide.md'), 'utf8'), 'Read me.\n');
      assert.equal(readFileSync(path.join(out, name, 'docs/deep/page.md'), 'utf8'), 'deep\n');
      const listed = await f.cli.run('unzip', ['-Z1', file]);
      assert.equal(listed.stdout.includes('README.md'), false, 'only the folder asked for');
    });

    test('GET /projects/:id/repository/archive in tar, tar.bz2 (and ?format=) and by commit id', async () => {
      const tar = await download(`archive.tar?sha=${main}`);
      assert.equal(fileNameOf(tar.res), `library-${main}-${main}.tar`, 'GitLab appends the sha even after a sha');
      assert.match((await f.cli.run('tar', ['-tf', tar.file])).stdout, /bin\/tool\.sh/);
      const bz2 = await download('archive?format=tbz2');
      assert.equal(fileNameOf(bz2.res), `library-main-${main}.tar.bz2`);
      assert.match((await f.cli.run('tar', ['-tjf', bz2.file])).stdout, /docs\/guide\.md/);
    });

    test('GET /projects/:id/repository/archive refuses an unknown format, ref or path with GitLab\'s 4xx', async () => {
      const cases: [string, number, unknown][] = [
        ['archive.rar', 404, { error: '404 Not Found' }],
        ['archive?format=rar', 400, { error: 'format does not have a valid value' }],
        ['archive?sha=nope', 404, { message: '404 File Not Found' }],
        ['archive?sha=--output%3D%2Ftmp%2Fx', 404, { message: '404 File Not Found' }],
        ['archive?path=missing', 404, { message: '404 File Not Found' }],
        ['archive?path=..%2F..%2Fetc', 404, { message: '404 File Not Found' }],
      ];
      for (const [query, status, body] of cases) {
        const res = await f.t.api('GET', `/projects/${project.id}/repository/${query}`, { token: readApi });
        assert.deepEqual([res.status, res.body], [status, body], query);
      }
    });

    test('POST /projects/:id/repository/branches creates a branch from a tag, answers 201 with the branch and records "pushed new"', async () => {
      const res = await f.t.api('POST', `/projects/${project.id}/repository/branches`, { token: developer.token, body: { branch: 'release/1.x', ref: 'v1.0' } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.name, 'release/1.x');
      assert.equal(res.body.commit.id, main);
      assert.equal(res.body.default, false);
      assert.equal(res.body.can_push, true);
      const listed = await f.cli.git(['ls-remote', 'origin', 'refs/heads/release/1.x'], { cwd: work });
      assert.equal(listed.stdout.split('\t')[0], main, 'git sees the new branch');
      const [event] = await pushEvents();
      assert.equal(event.action_name, 'pushed new');
      assert.equal(event.author_id, developer.userId);
      assert.deepEqual([event.push_data.ref, event.push_data.action, event.push_data.commit_to], ['release/1.x', 'created', main]);
    });

    test('POST /projects/:id/repository/branches refuses in GitLab\'s words: existing, invalid name, unknown ref, missing ref', async () => {
      const cases: [Record<string, string>, unknown][] = [
        [{ branch: 'main', ref: 'main' }, { message: 'Branch already exists' }],
        [{ branch: 'bad..name', ref: 'main' }, { message: 'Branch name is invalid' }],
        [{ branch: '-x', ref: 'main' }, { message: 'Branch name is invalid' }],
        [{ branch: 'fresh', ref: 'nope' }, { message: 'Invalid reference name: nope' }],
        [{ branch: 'fresh', ref: '--all' }, { message: 'Invalid reference name: --all' }],
        [{ branch: 'fresh' }, { error: 'ref is missing, ref is empty' }],
        [{ ref: 'main' }, { error: 'branch is missing, branch is empty' }],
      ];
      for (const [body, expected] of cases) {
        const res = await f.t.api('POST', `/projects/${project.id}/repository/branches`, { token: developer.token, body });
        assert.deepEqual([res.status, res.body], [400, expected], JSON.stringify(body));
      }
      const reporter = await f.t.api('POST', `/projects/${project.id}/repository/branches`, { token: (await f.projectToken(project.id, ['api'], 20)).token, body: { branch: 'x', ref: 'main' } });
      assert.deepEqual([reporter.status, reporter.body], [403, { message: '403 Forbidden' }]);
    });

    test('DELETE /projects/:id/repository/branches/:branch deletes it (204, "deleted" event); a missing one is 404; the default branch stays', async () => {
      assert.equal((await f.t.api('POST', `/projects/${project.id}/repository/branches`, { token: developer.token, body: { branch: 'doomed/x', ref: 'main' } })).status, 201);
      const res = await f.t.api('DELETE', `/projects/${project.id}/repository/branches/doomed%2Fx`, { token: developer.token });
      assert.equal(res.status, 204);
      assert.equal((await f.cli.git(['ls-remote', 'origin', 'refs/heads/doomed/x'], { cwd: work })).stdout, '');
      const [event] = await pushEvents();
      assert.deepEqual([event.action_name, event.push_data.ref, event.push_data.action], ['deleted', 'doomed/x', 'removed']);
      const again = await f.t.api('DELETE', `/projects/${project.id}/repository/branches/doomed%2Fx`, { token: developer.token });
      assert.deepEqual([again.status, again.body], [404, { message: '404 Branch Not Found' }]);
      const theDefault = await f.t.api('DELETE', `/projects/${project.id}/repository/branches/main`, { token: developer.token });
      assert.deepEqual([theDefault.status, theDefault.body], [400, { message: 'The default branch of a project cannot be deleted.' }]);
      assert.equal((await f.cli.git(['ls-remote', 'origin', 'refs/heads/main'], { cwd: work })).stdout.split('\t')[0], main);
    });

    test('DELETE /projects/:id/repository/merged_branches deletes the merged branches, never the default, a protected or an unmerged one', async () => {
      await git(['push', '--quiet', 'origin', `${main}:refs/heads/merged/one`, `${main}~1:refs/heads/merged/two`, `${main}:refs/heads/keep/protected`]);
      await git(['switch', '--quiet', '-c', 'ahead']);
      await f.cli.commit(work, { 'ahead.txt': 'a\n' }, 'Ahead');
      await git(['push', '--quiet', 'origin', 'ahead']);
      const now = new Date().toISOString();
      await f.t.app.deps.db
        .insertInto('protected_branches')
        .values({ project_id: project.id, name: 'keep/*', push_access_level: 40, merge_access_level: 40, allow_force_push: 0, code_owner_approval_required: 0, created_at: now, updated_at: now })
        .execute();
      const res = await f.t.api('DELETE', `/projects/${project.id}/repository/merged_branches`, { token: developer.token });
      assert.deepEqual([res.status, res.body], [202, { message: '202 Accepted' }]);
      const branches = (await f.t.api('GET', `/projects/${project.id}/repository/branches`)).body.map((b: any) => b.name);
      assert.deepEqual(branches, ['ahead', 'keep/protected', 'main']);
      const deleted = (await pushEvents()).filter((event) => event.action_name === 'deleted').map((event) => event.push_data.ref);
      assert.ok(deleted.includes('merged/one') && deleted.includes('merged/two') && deleted.includes('release/1.x'), deleted.join(', '));
    });

    test('DELETE /projects/:id/repository/branches/:branch of a protected branch is refused to a Developer by protection, and the branch stays', async () => {
      const res = await f.t.api('DELETE', `/projects/${project.id}/repository/branches/keep%2Fprotected`, { token: developer.token });
      assert.equal(res.status, 403, JSON.stringify(res.body));
      assert.match(res.body.message, /^403 Forbidden/);
      assert.equal((await f.cli.git(['ls-remote', 'origin', 'refs/heads/keep/protected'], { cwd: work })).stdout.split('\t')[0], main);
    });
  });
}
