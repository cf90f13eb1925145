import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startGitFixture, type GitFixture } from './git-fixture.ts';
import { httpUrl } from './git-cli.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');

for (const dialect of DIALECTS) {
  describe(`POST /projects/:id/repository/commits (${dialect})`, () => {
    let f: GitFixture;
    let project: { id: number; path: string };
    let clone: string;
    let developer: { token: string; userId: number };
    const commits = () => `/projects/${project.id}/repository/commits`;

    const fetched = async () => assert.equal((await f.cli.git(['fetch', '--quiet', '--prune', 'origin'], { cwd: clone })).code, 0);
    const git = async (...args: string[]) => (await f.cli.git(args, { cwd: clone })).stdout;
    const bytes = (rev: string) => execFileSync('git', ['cat-file', 'blob', rev], { cwd: clone, env: { PATH: process.env.PATH, HOME: f.cli.home } });

    before(async () => {
      f = await startGitFixture(dialect);
      project = await f.createProject('commits');
      await f.seed(project.path);
      clone = f.cli.dir('check');
      assert.equal((await f.cli.git(['clone', '--quiet', httpUrl(f.baseUrl, project.path, f.t.rootToken), clone])).code, 0);
      developer = await f.projectToken(project.id, ['api'], 30, { name: 'release-bot' });
    });
    after(() => f.close());

    test('a commit with all five actions answers 201 with the commit detail entity, and git shows exactly those changes', async () => {
      const prepared = await f.t.api('POST', commits(), {
        token: developer.token,
        body: {
          branch: 'main',
          commit_message: 'Prepare',
          actions: [
            { action: 'create', file_path: 'old/name.txt', content: 'moved content\n' },
            { action: 'create', file_path: 'script.sh', content: 'echo hi\n' },
          ],
        },
      });
      assert.equal(prepared.status, 201, JSON.stringify(prepared.body));
      const res = await f.t.api('POST', commits(), {
        token: developer.token,
        body: {
          branch: 'main',
          commit_message: 'Five actions\n\nWith a body.',
          author_name: 'Release Bot',
          author_email: 'bot@example.com',
          actions: [
            { action: 'create', file_path: 'img/logo.png', content: PNG.toString('base64'), encoding: 'base64' },
            { action: 'update', file_path: 'README.md', content: '# Changed\nline two\n' },
            { action: 'delete', file_path: 'docs/guide.md' },
            { action: 'move', file_path: 'new/name.txt', previous_path: 'old/name.txt' },
            { action: 'chmod', file_path: 'script.sh', execute_filemode: true },
          ],
        },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      await fetched();
      const head = (await git('rev-parse', 'origin/main')).trim();
      assert.equal(res.body.id, head);
      assert.deepEqual(Object.keys(res.body), [
        'id', 'short_id', 'created_at', 'parent_ids', 'title', 'message', 'author_name', 'author_email', 'authored_date',
        'committer_name', 'committer_email', 'committed_date', 'trailers', 'extended_trailers', 'web_url', 'stats', 'status', 'project_id', 'last_pipeline',
      ]);
      assert.equal(res.body.short_id, head.slice(0, 8));
      assert.deepEqual(res.body.parent_ids, [prepared.body.id]);
      assert.equal(res.body.title, 'Five actions');
      assert.equal(res.body.message, 'Five actions\n\nWith a body.');
      assert.equal(res.body.author_name, 'Release Bot');
      assert.equal(res.body.author_email, 'bot@example.com');
      assert.equal(res.body.committer_name, 'release-bot');
      assert.match(res.body.committer_email, /^project_\d+_bot_[0-9a-f]+@noreply\./);
      assert.equal(res.body.committed_date, f.t.clock.now().toISOString().replace('.000Z', '+00:00'));
      assert.equal(res.body.project_id, project.id);
      assert.equal(res.body.status, null);
      assert.equal(res.body.last_pipeline, null);
      assert.equal(res.body.web_url, `${f.t.config.externalUrl}/${project.path}/-/commit/${head}`);
      // README.md: 1 line out, 2 in; guide.md: 1 out; the move: 1 out, 1 in; the png is binary; chmod changes no line.
      assert.deepEqual(res.body.stats, { additions: 3, deletions: 3, total: 6 });

      assert.deepEqual(bytes('origin/main:img/logo.png'), PNG);
      assert.equal(bytes('origin/main:README.md').toString(), '# Changed\nline two\n');
      assert.equal(bytes('origin/main:new/name.txt').toString(), 'moved content\n');
      assert.equal(await git('ls-tree', '--name-only', 'origin/main', 'docs/guide.md', 'old/name.txt'), '');
      assert.match(await git('ls-tree', 'origin/main', 'script.sh'), /^100755 blob /);
      assert.deepEqual((await git('diff', '--no-renames', '--name-status', prepared.body.id, head)).trim().split('\n').sort(), [
        'A\timg/logo.png',
        'A\tnew/name.txt',
        'D\tdocs/guide.md',
        'D\told/name.txt',
        'M\tREADME.md',
        'M\tscript.sh',
      ]);

      const quiet = await f.t.api('POST', commits(), {
        token: developer.token,
        body: { branch: 'main', commit_message: 'No stats', stats: false, actions: [{ action: 'create', file_path: 'quiet.txt' }] },
      });
      assert.equal(quiet.status, 201);
      assert.equal('stats' in quiet.body, false);
      await fetched();
      assert.equal(bytes('origin/main:quiet.txt').length, 0, 'a create without content is an empty file');
    });

    test('every API commit is a push event in GET /projects/:id/events, by the bot', async () => {
      const before = (await f.t.api('GET', `/projects/${project.id}/events?per_page=100`)).body.length;
      const created = await f.t.api('POST', commits(), {
        token: developer.token,
        body: { branch: 'evented', start_branch: 'main', commit_message: 'On a new branch', actions: [{ action: 'create', file_path: 'e.txt', content: 'e' }] },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const events = (await f.t.api('GET', `/projects/${project.id}/events?per_page=100`)).body;
      assert.equal(events.length, before + 1);
      const event = events[0];
      assert.equal(event.action_name, 'pushed new');
      assert.equal(event.author_id, developer.userId);
      assert.equal(event.push_data.ref, 'evented');
      assert.equal(event.push_data.commit_to, created.body.id);
      assert.equal(event.push_data.commit_count, 1);
      assert.equal(event.push_data.commit_title, 'On a new branch');
    });

    test('a curl form with actions[][field] keys makes the same commit as JSON', async () => {
      const body = [
        'branch=main',
        'commit_message=From+a+form',
        'actions[][action]=create',
        'actions[][file_path]=form%2Fone.txt',
        'actions[][content]=one%0A',
        'actions[][action]=create',
        'actions[][file_path]=form%2Ftwo.txt',
        'actions[][content]=dHdvCg%3D%3D',
        'actions[][encoding]=base64',
      ].join('&');
      const res = await f.t.api('POST', commits(), { token: developer.token, body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      await fetched();
      assert.equal(bytes('origin/main:form/one.txt').toString(), 'one\n');
      assert.equal(bytes('origin/main:form/two.txt').toString(), 'two\n');
    });

    test('start_branch, start_sha and force: a new branch from another, refused where GitLab refuses', async () => {
      await fetched();
      const seed = (await git('rev-list', '--max-parents=0', 'origin/main')).trim();
      const fromSha = await f.t.api('POST', commits(), {
        token: developer.token,
        body: { branch: 'from-seed', start_sha: seed, commit_message: 'From the seed', actions: [{ action: 'create', file_path: 's.txt', content: 's' }] },
      });
      assert.equal(fromSha.status, 201, JSON.stringify(fromSha.body));
      assert.deepEqual(fromSha.body.parent_ids, [seed]);
      const exists = await f.t.api('POST', commits(), {
        token: developer.token,
        body: { branch: 'from-seed', start_branch: 'main', commit_message: 'x', actions: [{ action: 'create', file_path: 'y.txt', content: 'y' }] },
      });
      assert.deepEqual([exists.status, exists.body], [400, { message: "A branch called 'from-seed' already exists. Switch to that branch in order to make changes" }]);
      const forced = await f.t.api('POST', commits(), {
        token: developer.token,
        body: { branch: 'from-seed', start_branch: 'main', force: true, commit_message: 'Forced', actions: [{ action: 'create', file_path: 'forced.txt', content: 'f' }] },
      });
      assert.equal(forced.status, 201, JSON.stringify(forced.body));
      await fetched();
      assert.equal((await git('rev-parse', 'origin/from-seed^')).trim(), (await git('rev-parse', 'origin/main')).trim());
    });

    test('bad requests get GitLab 400s, and nothing moves', async () => {
      await fetched();
      const head = (await git('rev-parse', 'origin/main')).trim();
      const readmeCommit = (await git('log', '-1', '--format=%H', 'origin/main', '--', 'README.md')).trim();
      const create = (path: string) => [{ action: 'create', file_path: path, content: 'x' }];
      const cases: [unknown, unknown][] = [
        [{}, { error: 'branch is missing, branch is empty, commit_message is missing, commit_message is empty, actions is missing' }],
        [{ branch: 'main', commit_message: 'x', actions: [] }, { error: 'actions is empty' }],
        [{ branch: 'main', commit_message: 'x', actions: 'create' }, { error: 'actions is invalid' }],
        [
          { branch: 'main', commit_message: 'x', actions: [{ action: 'rename', file_path: 'a' }, { action: 'move', file_path: 'b' }, { action: 'update' }, { action: 'chmod', file_path: 'c' }] },
          {
            error:
              'actions[0][action] does not have a valid value, actions[1][previous_path] is missing, actions[2][file_path] is missing, actions[2][content] is missing, actions[3][execute_filemode] is missing',
          },
        ],
        [{ branch: 'main', commit_message: 'x', start_branch: 'main', start_sha: head, actions: create('a') }, { error: 'start_branch, start_sha are mutually exclusive' }],
        [{ branch: 'main', commit_message: 'x', actions: create('README.md') }, { message: 'A file with this name already exists' }],
        [{ branch: 'main', commit_message: 'x', actions: [{ action: 'delete', file_path: 'nope' }] }, { message: "A file with this name doesn't exist" }],
        [{ branch: 'main', commit_message: 'x', actions: [{ action: 'move', file_path: 'README.md', previous_path: 'img/logo.png' }] }, { message: 'A file with this name already exists' }],
        [
          { branch: 'main', commit_message: 'x', actions: [{ action: 'update', file_path: 'README.md', content: 'y', last_commit_id: '1'.repeat(40) }] },
          { message: 'The file has changed since you started editing it: README.md' },
        ],
        [{ branch: 'nope', commit_message: 'x', actions: create('a') }, { message: 'You can only create or edit files when you are on a branch' }],
        [{ branch: 'x', start_branch: '--upload-pack=evil', commit_message: 'x', actions: create('a') }, { message: 'You can only create or edit files when you are on a branch' }],
        [{ branch: 'x', start_sha: 'main', commit_message: 'x', actions: create('a') }, { message: "Invalid start_sha 'main'" }],
        [{ branch: 'x', start_sha: 'f'.repeat(40), commit_message: 'x', actions: create('a') }, { message: `Cannot find start_sha '${'f'.repeat(40)}'` }],
        [{ branch: '-x', start_branch: 'main', commit_message: 'x', actions: create('a') }, { message: "Something went wrong when we tried to create '-x' for you: Branch name is invalid" }],
        [{ branch: 'main', commit_message: 'x', actions: create('../x') }, { message: 'Path cannot include directory traversal' }],
        [{ branch: 'main', commit_message: 'x', actions: create('/etc/passwd') }, { message: "invalid path: '/etc/passwd'" }],
        [{ branch: 'main', commit_message: 'x', actions: create('.git/config') }, { message: "invalid path: '.git/config'" }],
        [{ branch: 'main', commit_message: 'x', actions: create('a\u0000b') }, { error: 'actions[0][file_path] is invalid' }],
        [{ branch: 'main', commit_message: 'x', actions: [{ action: 'move', file_path: 'ok', previous_path: '%2e%2e/x'.replace('%2e%2e', '..') }] }, { message: 'Path cannot include directory traversal' }],
        [{ branch: 'main', commit_message: 'x', author_email: 'a>b', actions: create('a') }, { error: 'author_email is invalid' }],
      ];
      for (const [body, answer] of cases) {
        const res = await f.t.api('POST', commits(), { token: developer.token, body });
        assert.equal(res.status, 400, `${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
        assert.deepEqual(res.body, answer, JSON.stringify(body));
      }
      // The right last_commit_id passes.
      const fresh = await f.t.api('POST', commits(), {
        token: developer.token,
        body: { branch: 'main', commit_message: 'Locked', actions: [{ action: 'update', file_path: 'README.md', content: 'locked\n', last_commit_id: readmeCommit }] },
      });
      assert.equal(fresh.status, 201, JSON.stringify(fresh.body));
      await fetched();
      assert.equal((await git('rev-parse', 'origin/main^')).trim(), head, 'only the last, valid commit landed');
      assert.equal(await git('branch', '-r', '--list', 'origin/x', 'origin/-x', 'origin/nope'), '');
    });

    test('ten parallel commits to one branch touching different files all land, in a linear history', async () => {
      await fetched();
      const start = (await git('rev-parse', 'origin/main')).trim();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          f.t.api('POST', commits(), {
            token: developer.token,
            body: { branch: 'main', commit_message: `Parallel ${i}`, actions: [{ action: 'create', file_path: `parallel/${i}.txt`, content: `${i}\n` }] },
          }),
        ),
      );
      assert.deepEqual(results.map((res) => res.status), Array(10).fill(201), JSON.stringify(results.filter((res) => res.status !== 201).map((res) => res.body)));
      await fetched();
      assert.equal((await git('rev-list', '--count', `${start}..origin/main`)).trim(), '10');
      assert.equal((await git('rev-list', '--count', '--merges', `${start}..origin/main`)).trim(), '0');
      assert.equal((await git('rev-list', '--count', '--first-parent', `${start}..origin/main`)).trim(), '10', 'linear');
      const files = (await git('ls-tree', '--name-only', 'origin/main', 'parallel/')).trim().split('\n');
      assert.deepEqual(files.sort(), Array.from({ length: 10 }, (_, i) => `parallel/${i}.txt`).sort());
      const ids = new Set(results.map((res) => res.body.id));
      assert.equal(ids.size, 10);
      const pushes = (await f.t.api('GET', `/projects/${project.id}/events?per_page=100`)).body.filter((e: any) => e.push_data?.commit_title?.startsWith('Parallel'));
      assert.equal(pushes.length, 10, 'one push event per commit');
    });

    test('parallel commits that touch the same file: one wins, the others get 400, and nothing is lost or mixed', async () => {
      await fetched();
      const last = (await git('log', '-1', '--format=%H', 'origin/main', '--', 'README.md')).trim();
      const updates = await Promise.all(
        ['a', 'b', 'c'].map((who) =>
          f.t.api('POST', commits(), {
            token: developer.token,
            body: { branch: 'main', commit_message: `Edit by ${who}`, actions: [{ action: 'update', file_path: 'README.md', content: `${who}\n`, last_commit_id: last }] },
          }),
        ),
      );
      assert.deepEqual(updates.map((res) => res.status).sort(), [201, 400, 400], JSON.stringify(updates.map((res) => res.body)));
      for (const res of updates.filter((r) => r.status === 400)) assert.deepEqual(res.body, { message: 'The file has changed since you started editing it: README.md' });
      const winner = updates.find((res) => res.status === 201)!;
      await fetched();
      assert.equal(bytes('origin/main:README.md').toString(), `${winner.body.title.slice(-1)}\n`);

      const creates = await Promise.all(
        [1, 2].map((n) =>
          f.t.api('POST', commits(), { token: developer.token, body: { branch: 'main', commit_message: `Same ${n}`, actions: [{ action: 'create', file_path: 'same.txt', content: `${n}` }] } }),
        ),
      );
      assert.deepEqual(creates.map((res) => res.status).sort(), [201, 400]);
      const loser = creates.find((res) => res.status === 400)!;
      assert.ok(
        ['A file with this name already exists', 'The file has changed since you started editing it: same.txt'].includes(loser.body.message),
        JSON.stringify(loser.body),
      );
    });

    test('an empty repository takes a first commit that creates the branch', async () => {
      const empty = await f.createProject('empty-commits');
      const res = await f.t.api('POST', `/projects/${empty.id}/repository/commits`, {
        body: { branch: 'main', commit_message: 'First', actions: [{ action: 'create', file_path: 'README.md', content: '# First\n' }] },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.deepEqual(res.body.parent_ids, []);
      assert.deepEqual(res.body.stats, { additions: 1, deletions: 0, total: 1 });
      const dir = f.cli.dir('empty');
      assert.equal((await f.cli.git(['clone', '--quiet', httpUrl(f.baseUrl, empty.path, f.t.rootToken), dir])).code, 0);
      assert.equal((await f.cli.git(['log', '--format=%s', 'origin/main'], { cwd: dir })).stdout, 'First\n');
      const branches = await f.t.api('GET', `/projects/${empty.id}/repository/branches`);
      assert.deepEqual(branches.body.map((b: any) => [b.name, b.default]), [['main', true]]);
    });

    test('a Reporter gets 403, a read_api token 403 insufficient_scope, anonymous 401', async () => {
      const body = { branch: 'main', commit_message: 'x', actions: [{ action: 'create', file_path: 'r.txt', content: 'r' }] };
      const reporter = await f.projectToken(project.id, ['api'], 20);
      assert.deepEqual((await f.t.api('POST', commits(), { token: reporter.token, body })).body, { message: '403 Forbidden' });
      const readApi = await f.projectToken(project.id, ['read_api'], 40);
      const scoped = await f.t.api('POST', commits(), { token: readApi.token, body });
      assert.equal(scoped.status, 403);
      assert.equal(scoped.body.error, 'insufficient_scope');
      assert.equal((await f.t.api('POST', commits(), { token: null, body })).status, 401);
    });
  });
}
