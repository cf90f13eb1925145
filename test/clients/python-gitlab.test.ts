import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { freePort } from '../helpers/ports.ts';
import { GitCli, httpUrl } from '../git/git-cli.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { createProject } from '../helpers/project-tokens.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { findPython, runPythonScenario } from './python-gitlab-runner.ts';
import { ed25519KeyPair } from '../helpers/ssh-keys.ts';

// python-gitlab, as Debian 12 and Ubuntu 22.04 ship it (python3-gitlab 3.12, installed by
// scripts/test.sh), drives a listening Latchkey: every scenario in python-gitlab.py runs unchanged.

const SCRIPT = fileURLToPath(new URL('./python-gitlab.py', import.meta.url));

for (const dialect of DIALECTS) {
  describe(`python-gitlab against a listening Latchkey (${dialect})`, () => {
    const python = findPython();
    let t: TestApp;
    let cli: GitCli;
    let context: Record<string, unknown>;

    before(async () => {
      // The external URL is the one the client uses: python-gitlab follows pagination `Link`s.
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      t = await startTestApp(dialect, { LATCHKEY_EXTERNAL_URL: url });
      await t.app.http.listen({ host: '127.0.0.1', port });
      cli = new GitCli();
      const alice = await t.createUser('alice');
      const repository = await createProject(t, alice.token, 'py-repository', 'private');
      const work = cli.dir();
      assert.equal((await cli.git(['clone', '--quiet', httpUrl(url, repository.path, alice.token), work])).code, 0);
      await cli.commit(work, { 'README.md': '# Seed\n', 'docs/guide.md': 'Read me.\n' }, 'Initial commit');
      assert.equal((await cli.git(['push', '--quiet', 'origin', 'main'], { cwd: work })).code, 0);
      context = {
        url,
        root_token: t.rootToken,
        alice_token: alice.token,
        alice_id: alice.id,
        public_key: ed25519KeyPair().public,
        repository_project: repository.path,
      };
    });
    after(async () => {
      await t.close();
      cli.close();
    });

    /** Runs one scenario of python-gitlab.py; it checks each step and prints `ok <scenario>` last. */
    const run = (scenario: string) => runPythonScenario(cli, SCRIPT, scenario, context);

    test('the client is python-gitlab 3.x', async () => {
      const version = await cli.run(python, [SCRIPT, 'version']);
      assert.match(version.stdout.trim(), /^3\.\d+\.\d+$/, version.stderr);
    });
    test('gl.auth() as a human and as root; an unknown token is 401', () => run('auth'));
    test('projects: create, get by id and by path, list(membership=True / owned=True), delete', () => run('projects'));
    test('members: create, list, save a new access level, members_all, delete', () => run('members'));
    test('issues and notes: create, list, save, notes.create/list, close with state_event', () => run('issues'));
    test('project access tokens: list, create, use, rotate and self/rotate through gl.http_post, delete', () => run('project_access_tokens'));
    test('personal access tokens: create for a user (admin), list, get by id and self, delete', () => run('personal_access_tokens'));
    test('user keys: gl.user.keys create, list, get, delete', () => run('user_keys'));
    test('repository: branches.list/get and files.raw after a real git push', () => run('repository'));
    test('labels: issues.create(labels=[bug]) and issues.list(labels=[bug])', () => run('labels'));
  });
}
