import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { startGitFixtureAtItsUrl, type GitFixture } from '../git/git-fixture.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { runPythonScenario } from './python-gitlab-runner.ts';

// python-gitlab 3.12 (Debian's python3-gitlab, installed by scripts/test.sh) manages a project's
// webhooks through `project.hooks`, unchanged, with project access tokens of a listening Latchkey.

const SCRIPT = fileURLToPath(new URL('./python-gitlab-hooks.py', import.meta.url));

for (const dialect of DIALECTS) {
  describe(`python-gitlab against a listening Latchkey: project hooks (${dialect})`, () => {
    let f: GitFixture;

    before(async () => {
      f = await startGitFixtureAtItsUrl(dialect);
    });
    after(() => f.close());

    const run = async (scenario: string) => {
      const project = await f.createProject(`py-hooks-${scenario.replaceAll('_', '-')}`);
      const maintainer = await f.projectToken(project.id, ['api'], 40);
      const developer = await f.projectToken(project.id, ['api'], 30);
      await runPythonScenario(f.cli, SCRIPT, scenario, {
        url: f.baseUrl,
        project: project.path,
        maintainer_token: maintainer.token,
        developer_token: developer.token,
      });
    };

    test('crud: create (token never returned), get, save, list with pages, delete', () => run('crud'));
    test('refusals: ftp and loopback URLs 422, a Developer 403', () => run('refusals'));
    test('test_trigger: POST hooks/:id/test/push_events 201, no merge requests 422', () => run('test_trigger'));
  });
}
