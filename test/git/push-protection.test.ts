import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generateToken } from '../../src/domain/token-format.ts';
import { readRefs } from '../../src/git/refs.ts';
import { repositoryPath } from '../../src/git/repository-path.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { mb, peakLiveGrowth } from '../helpers/live-memory.ts';
import { httpUrl, sshUrl, type CliResult } from './git-cli.ts';
import { startGitFixture, type GitFixture } from './git-fixture.ts';

type Transport = 'http' | 'ssh';

const leakMessage = (token: string, holder: string, file: string, commit: string) =>
  `Latchkey found an active access token ("${token}", ${holder}) in ${file} at ${commit}; remove it from the history and revoke it.`;

/** A token-shaped string whose checksum is wrong. */
const badChecksum = (token: string) => token.slice(0, -1) + (token.at(-1) === '0' ? '1' : '0');

// A 20 MB push with a token buried in it, and the bound on the server's live memory meanwhile.
const FILLER_FILES = 12;
const FILLER_RAW_BYTES = 1024 * 1024; // ~1.35 MB each once base64-encoded
const MAX_GROWTH_BYTES = 8 * 1024 * 1024;

/**
 * Push protection: a push (git over HTTP and SSH) or an API commit whose new blobs hold an active
 * token of this instance is refused before any ref moves, naming the token's name, its project (or
 * user), the file and the commit; inactive, unknown and bad-checksum tokens pass.
 */
for (const dialect of DIALECTS) {
  describe(`push protection (${dialect})`, () => {
    let f: GitFixture;
    let project: { id: number; path: string };
    let work: string;
    let base: string;
    let leaked: { id: number; token: string };
    const plainTokens: string[] = [];

    const git = (args: string[]) => f.cli.git(args, { cwd: work });
    const head = async () => (await git(['rev-parse', 'HEAD'])).stdout.trim();
    const refs = async () => Object.fromEntries(await readRefs(repositoryPath(f.t.app.deps.config.dataDir, project.id)));
    const push = (transport: Transport, refspecs: string[]): Promise<CliResult> => {
      if (transport === 'http') return git(['push', '--porcelain', httpUrl(f.baseUrl, project.path, f.t.rootToken), ...refspecs]);
      return f.cli.git(['push', '--porcelain', sshUrl(f.ssh.port, project.path), ...refspecs], {
        cwd: work,
        env: f.cli.sshEnv(f.ssh.port, { password: f.t.rootToken }),
      });
    };
    /** Asserts git printed the refusal (git pads sideband lines with spaces) and no ref moved. */
    const assertRefused = async (result: CliResult, message: string, refsBefore: Record<string, string>, step: string) => {
      assert.notEqual(result.code, 0, `${step}: the push went through`);
      const printed = result.stderr.split('\n').map((line) => line.trimEnd());
      assert.ok(printed.includes(`remote: ${message}`), `${step}: git printed\n${result.stderr}`);
      assert.match(result.stdout, /\[remote rejected\] \(pre-receive hook declined\)/, step);
      assert.deepEqual(await refs(), refsBefore, `${step}: a ref moved`);
    };
    const startFromBase = async () => {
      const switched = await git(['switch', '--quiet', '--detach', base]);
      assert.equal(switched.code, 0, switched.stderr);
    };

    before(async () => {
      f = await startGitFixture(dialect);
      project = await f.createProject('leaky');
      work = await f.seed(project.path);
      base = await head();
      leaked = await f.projectToken(project.id, ['read_api'], 30, { name: 'ci-deploy' });
      plainTokens.push(leaked.token, f.t.rootToken);
    });
    after(() => f.close());

    for (const transport of ['http', 'ssh'] as const) {
      test(`git push over ${transport}: a commit adding a file with an active project token is refused, naming the token, project, file and commit; no ref moves`, async () => {
        await startFromBase();
        await f.cli.commit(work, { 'config/ci.env': `DEPLOY_TOKEN=${leaked.token}\n` }, `Add CI settings (${transport})`);
        const commit = await head();
        const before = await refs();
        const result = await push(transport, [`HEAD:refs/heads/ci-${transport}`, `HEAD:refs/tags/ci-${transport}`]);
        await assertRefused(result, leakMessage('ci-deploy', `project ${project.path}`, 'config/ci.env', commit), before, transport);
      });
    }

    test('git push over HTTP: a personal access token is named by its user', async () => {
      await startFromBase();
      await f.cli.commit(work, { 'scripts/release.sh': `#!/bin/sh\ncurl -H "PRIVATE-TOKEN: ${f.t.rootToken}" "$API"\n` }, 'Release script');
      const commit = await head();
      const before = await refs();
      await assertRefused(await push('http', ['HEAD:refs/heads/release-script']), leakMessage('root', 'user root', 'scripts/release.sh', commit), before, 'personal token');
    });

    test('git push: revoked and expired tokens, unknown tokens and token-shaped strings with a bad checksum pass', async () => {
      const revoked = await f.projectToken(project.id, ['read_api'], 30, { name: 'revoked-bot' });
      assert.equal((await f.t.api('DELETE', `/projects/${project.id}/access_tokens/${revoked.id}`)).status, 204);
      const expiring = await f.projectToken(project.id, ['read_api'], 30, { name: 'expiring-bot', expiresAt: '2026-11-30' });
      plainTokens.push(revoked.token, expiring.token);
      await startFromBase();
      await f.cli.commit(
        work,
        {
          'notes/revoked.txt': `${revoked.token}\n`,
          'notes/expired.txt': `${expiring.token}\n`,
          'notes/unknown.txt': `${generateToken('glpat-')}\n`,
          'notes/bad-checksum.txt': `${badChecksum(leaked.token)}\n`,
        },
        'Dead tokens only',
      );
      const now = f.t.clock.now().toISOString();
      f.t.clock.set('2026-11-30T00:00:01.000Z'); // expiring-bot is dead from 00:00 UTC on its expiry date
      try {
        for (const transport of ['http', 'ssh'] as const) {
          const result = await push(transport, [`HEAD:refs/heads/dead-${transport}`]);
          assert.equal(result.code, 0, `${transport}: ${result.stderr}`);
          assert.equal((await refs())[`refs/heads/dead-${transport}`], await head());
        }
      } finally {
        f.t.clock.set(now);
      }
    });

    test('git push over SSH: a token in an older commit of a multi-commit push is found, though a later commit deletes it', async () => {
      await startFromBase();
      await f.cli.commit(work, { 'src/app.js': 'console.log(1);\n' }, 'First');
      await f.cli.commit(work, { 'src/settings.json': `{"token": "${leaked.token}"}\n` }, 'Second: settings');
      const introducing = await head();
      assert.equal((await git(['rm', '--quiet', 'src/settings.json'])).code, 0);
      assert.equal((await git(['commit', '--quiet', '-m', 'Third: remove the settings'])).code, 0);
      await f.cli.commit(work, { 'src/app.js': 'console.log(2);\n' }, 'Fourth');
      const before = await refs();
      const result = await push('ssh', ['HEAD:refs/heads/history']);
      await assertRefused(result, leakMessage('ci-deploy', `project ${project.path}`, 'src/settings.json', introducing), before, 'older commit');
    });

    test('git push: a token already in the history (a repository imported with it) does not block a push that edits the file it is in', async () => {
      await startFromBase();
      const filler = Array.from({ length: 200 }, (_, i) => `setting_${i}=value-${i}`).join('\n');
      await f.cli.commit(work, { 'legacy.env': `${filler}\nTOKEN=${leaked.token}\n` }, 'Imported history');
      const imported = await head();
      // Into the repository without a push (no hook runs): history that came with an import.
      const server = repositoryPath(f.t.app.deps.config.dataDir, project.id);
      const fetched = await f.cli.git(['--git-dir', server, 'fetch', '--quiet', work, `${imported}:refs/heads/imported`]);
      assert.equal(fetched.code, 0, fetched.stderr);
      // The edit's blob is sent as a delta of the one holding the token, which git then adds to the
      // push's quarantine as its base (a pack of 100 objects or more is kept as a pack, completed
      // with its bases): seen by the scan, and not something this push adds.
      const more = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`notes/${i}.txt`, `note ${i}\n`]));
      await f.cli.commit(work, { 'legacy.env': `${filler}\n`, ...more }, 'Remove the token');
      const result = await push('http', ['HEAD:refs/heads/imported']);
      assert.equal(result.code, 0, result.stderr);
      assert.equal((await refs())['refs/heads/imported'], await head());
    });

    test('git push over HTTP: a blob pushed as a tag, with no commit or path, is scanned too and named by its id', async () => {
      const blob = (await f.cli.run('git', ['hash-object', '-w', '--stdin'], { cwd: work, input: `${leaked.token}\n` })).stdout.trim();
      const before = await refs();
      const result = await push('http', [`${blob}:refs/tags/raw-blob`]);
      await assertRefused(result, leakMessage('ci-deploy', `project ${project.path}`, `blob ${blob}`, blob), before, 'tag of a blob');
    });

    test(`git push over HTTP: a token buried in a 20 MB push is found, and the server's live memory grows by less than ${mb(MAX_GROWTH_BYTES)}`, async () => {
      await startFromBase();
      // Made outside this process: a payload Buffer here would sit in the very memory measured.
      const made = await f.cli.run(
        'sh',
        [
          '-c',
          `mkdir -p data && for i in $(seq 1 ${FILLER_FILES}); do head -c ${FILLER_RAW_BYTES} /dev/urandom | base64 > data/part-$i.txt; done && ` +
            `{ head -c 3500000 /dev/urandom | base64; printf 'LEAK=%s\\n' "$LEAK"; } > data/near-the-cap.txt`,
        ],
        { cwd: work, env: { LEAK: leaked.token } },
      );
      assert.equal(made.code, 0, made.stderr);
      await f.cli.commit(work, {}, 'A lot of data');
      const commit = await head();
      const before = await refs();
      let result: CliResult | undefined;
      const growth = await peakLiveGrowth(async () => {
        result = await push('http', ['HEAD:refs/heads/big']);
      });
      await assertRefused(result!, leakMessage('ci-deploy', `project ${project.path}`, 'data/near-the-cap.txt', commit), before, '20 MB push');
      process.stdout.write(`# ${dialect}: live memory peak while scanning a 20 MB push +${mb(growth)}\n`);
      assert.ok(growth < MAX_GROWTH_BYTES, `the push grew live memory by ${mb(growth)}`);
    });

    // review-sec: only blobs were read, so a token in a commit or annotated tag message went through.
    test('git push: a token in the message of a commit below the tip, or of an annotated tag, is refused', async () => {
      await startFromBase();
      await f.cli.commit(work, { 'deploy.txt': 'deploy\n' }, `Deploy with ${leaked.token}`);
      const leaky = await head();
      await f.cli.commit(work, { 'later.txt': 'later\n' }, 'A later, clean commit');
      let before = await refs();
      await assertRefused(await push('http', ['HEAD:refs/heads/message-leak']), leakMessage('ci-deploy', `project ${project.path}`, 'the commit message', leaky), before, 'commit message');
      await startFromBase();
      const tagged = await git(['tag', '-a', '-m', `Release notes\n\ntoken: ${leaked.token}`, 'v-leak', base]);
      assert.equal(tagged.code, 0, tagged.stderr);
      const tagObject = (await git(['rev-parse', 'v-leak'])).stdout.trim();
      before = await refs();
      await assertRefused(await push('ssh', ['refs/tags/v-leak:refs/tags/v-leak']), leakMessage('ci-deploy', `project ${project.path}`, 'the tag message', tagObject), before, 'tag message');
    });

    test('the files API and the commits API answer 400 naming the file and "the new commit"; the branch does not move', async () => {
      const before = await refs();
      const message = (file: string) => leakMessage('ci-deploy', `project ${project.path}`, file, 'the new commit');
      const created = await f.t.api('POST', `/projects/${project.id}/repository/files/deploy%2Fci.env`, {
        body: { branch: 'main', content: `TOKEN=${leaked.token}\n`, commit_message: 'Add deploy settings' },
      });
      assert.equal(created.status, 400);
      assert.deepEqual(created.body, { message: message('deploy/ci.env') });
      const updated = await f.t.api('PUT', `/projects/${project.id}/repository/files/README.md`, {
        body: { branch: 'main', content: Buffer.from(`# Seed\n${leaked.token}\n`).toString('base64'), encoding: 'base64', commit_message: 'Update' },
      });
      assert.equal(updated.status, 400);
      assert.deepEqual(updated.body, { message: message('README.md') });
      const committed = await f.t.api('POST', `/projects/${project.id}/repository/commits`, {
        body: {
          branch: 'main',
          commit_message: 'Two files',
          actions: [
            { action: 'create', file_path: 'harmless.txt', content: 'nothing here\n' },
            { action: 'create', file_path: 'secrets/token.txt', content: leaked.token },
          ],
        },
      });
      assert.equal(committed.status, 400);
      assert.deepEqual(committed.body, { message: message('secrets/token.txt') });
      assert.deepEqual(await refs(), before);
      const clean = await f.t.api('POST', `/projects/${project.id}/repository/commits`, {
        body: { branch: 'main', commit_message: 'A dead token', actions: [{ action: 'create', file_path: 'dead.txt', content: badChecksum(leaked.token) }] },
      });
      assert.equal(clean.status, 201, JSON.stringify(clean.body));
    });

    // review-sec: the API wrote a token in a commit or tag message past push protection.
    test('the commits API, the tags API and a release creating its tag refuse a token in the commit or tag message (400); nothing moves', async () => {
      const before = await refs();
      const inMessage = (where: string) => ({ message: leakMessage('ci-deploy', `project ${project.path}`, where, 'the new commit') });
      const committed = await f.t.api('POST', `/projects/${project.id}/repository/commits`, {
        body: { branch: 'main', commit_message: `Deploy with ${leaked.token}`, actions: [{ action: 'create', file_path: 'clean.txt', content: 'clean\n' }] },
      });
      assert.equal(committed.status, 400);
      assert.deepEqual(committed.body, inMessage('the commit message'));
      const tagged = await f.t.api('POST', `/projects/${project.id}/repository/tags`, { body: { tag_name: 'v-api-leak', ref: 'main', message: `token ${leaked.token}` } });
      assert.equal(tagged.status, 400);
      assert.deepEqual(tagged.body, inMessage('the tag message'));
      const released = await f.t.api('POST', `/projects/${project.id}/releases`, { body: { tag_name: 'v-rel-leak', ref: 'main', tag_message: `token ${leaked.token}` } });
      assert.equal(released.status, 400);
      assert.deepEqual(released.body, inMessage('the tag message'));
      assert.deepEqual(await refs(), before);
    });

    test('no token ever reaches the server log', () => {
      const logs = f.t.logs.join('');
      assert.ok(logs.length > 0);
      for (const token of plainTokens) assert.ok(!logs.includes(token), 'a token was logged');
    });
  });

  describe(`push protection turned off: LATCHKEY_PUSH_PROTECTION=false (${dialect})`, () => {
    let f: GitFixture;
    before(async () => {
      f = await startGitFixture(dialect, { LATCHKEY_PUSH_PROTECTION: 'false' });
    });
    after(() => f.close());

    test('a push and an API commit holding an active token land', async () => {
      const project = await f.createProject('unguarded');
      const work = await f.seed(project.path);
      const { token } = await f.projectToken(project.id, ['read_api'], 30);
      await f.cli.commit(work, { 'ci.env': `TOKEN=${token}\n` }, 'Leak');
      for (const transport of ['http', 'ssh'] as const) {
        const url = transport === 'http' ? httpUrl(f.baseUrl, project.path, f.t.rootToken) : sshUrl(f.ssh.port, project.path);
        const env = transport === 'ssh' ? f.cli.sshEnv(f.ssh.port, { password: f.t.rootToken }) : {};
        const result = await f.cli.git(['push', url, `HEAD:refs/heads/off-${transport}`], { cwd: work, env });
        assert.equal(result.code, 0, `${transport}: ${result.stderr}`);
      }
      const committed = await f.t.api('POST', `/projects/${project.id}/repository/commits`, {
        body: { branch: 'main', commit_message: 'Leak', actions: [{ action: 'create', file_path: 'token.txt', content: token }] },
      });
      assert.equal(committed.status, 201, JSON.stringify(committed.body));
    });
  });
}
