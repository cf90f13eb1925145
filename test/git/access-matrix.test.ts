import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { httpUrl, sshUrl, type CliResult } from './git-cli.ts';
import { startGitFixture, type GitFixture } from './git-fixture.ts';

/**
 * Every scope × role of a project access token, cloning and pushing over HTTP and SSH with the
 * real git and OpenSSH clients: pull needs download_code (api, read_api, read_repository,
 * write_repository) and Reporter+; push needs push_code (api, write_repository) and Developer+.
 */
const SCOPES = ['api', 'read_api', 'read_repository', 'write_repository', 'read_registry', 'write_registry', 'self_rotate'] as const;
const LEVELS = [
  { level: 10, name: 'Guest' },
  { level: 20, name: 'Reporter' },
  { level: 30, name: 'Developer' },
  { level: 40, name: 'Maintainer' },
] as const;
const PULL_SCOPES = new Set(['api', 'read_api', 'read_repository', 'write_repository']);
const PUSH_SCOPES = new Set(['api', 'write_repository']);

const DOWNLOAD_REFUSED = 'remote: You are not allowed to download code.';
const UPLOAD_REFUSED = 'remote: You are not allowed to upload code.';

function assertOutcome(result: CliResult, allowed: boolean, refusal: string, label: string): void {
  if (allowed) {
    assert.equal(result.code, 0, `${label} should succeed:\n${result.stderr}`);
    assert.ok(!result.stderr.includes('remote: You are not allowed'), `${label}: ${result.stderr}`);
  } else {
    assert.equal(result.code, 128, `${label} should be refused:\n${result.stderr}`);
    assert.ok(result.stderr.includes(refusal), `${label} should print "${refusal}", got:\n${result.stderr}`);
  }
}

/** Runs tasks a few at a time: git and ssh are separate processes, the server handles them concurrently. */
async function inPool<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: size }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await run(item);
  }));
}

for (const dialect of DIALECTS) {
  describe(`git clone and push by project access token scope and role (${dialect})`, () => {
    let f: GitFixture;
    let project: { id: number; path: string };
    let source: string;
    const tokens = new Map<string, string>();
    let branch = 0;

    before(async () => {
      f = await startGitFixture(dialect);
      project = await f.createProject('matrix');
      source = await f.seed(project.path);
      for (const scope of SCOPES) {
        for (const { level } of LEVELS) {
          tokens.set(`${scope}/${level}`, (await f.projectToken(project.id, [scope], level)).token);
        }
      }
    });
    after(() => f.close());

    for (const transport of ['http', 'ssh'] as const) {
      for (const scope of SCOPES) {
        const pulls = PULL_SCOPES.has(scope) ? 'Reporter+ clones' : 'no role clones';
        const pushes = PUSH_SCOPES.has(scope) ? 'Developer+ pushes' : 'no role pushes';
        test(`git over ${transport} with a ${scope} token: ${pulls}, ${pushes}; every refusal is git's "not allowed" message`, async () => {
          await inPool([...LEVELS], 2, async ({ level, name }) => {
            const token = tokens.get(`${scope}/${level}`)!;
            const env = transport === 'ssh' ? f.cli.sshEnv(f.ssh.port, { password: token }) : {};
            const url = transport === 'ssh' ? sshUrl(f.ssh.port, project.path) : httpUrl(f.baseUrl, project.path, token);
            const label = `${transport} ${scope} ${name}`;

            const clone = await f.cli.git(['clone', '--quiet', url, f.cli.dir('clone')], { env });
            assertOutcome(clone, PULL_SCOPES.has(scope) && level >= 20, DOWNLOAD_REFUSED, `clone (${label})`);

            const push = await f.cli.git(['push', '--quiet', url, `HEAD:refs/heads/${transport}-${scope}-${level}-${++branch}`], { cwd: source, env });
            assertOutcome(push, PUSH_SCOPES.has(scope) && level >= 30, UPLOAD_REFUSED, `push (${label})`);
          });
        });
      }
    }

    test('a pushed branch is there for the next clone, over the other transport', async () => {
      const writer = tokens.get('write_repository/30')!;
      const reader = tokens.get('read_repository/20')!;
      const pushed = await f.cli.git(['push', '--quiet', sshUrl(f.ssh.port, project.path), 'HEAD:refs/heads/cross-transport'], {
        cwd: source,
        env: f.cli.sshEnv(f.ssh.port, { password: writer }),
      });
      assert.equal(pushed.code, 0, pushed.stderr);
      const listed = await f.cli.git(['ls-remote', '--heads', httpUrl(f.baseUrl, project.path, reader)]);
      assert.equal(listed.code, 0, listed.stderr);
      assert.match(listed.stdout, /refs\/heads\/cross-transport/);
    });
  });
}
