import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { startGitFixtureAtItsUrl, type GitFixture } from '../git/git-fixture.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { runPythonScenario } from './python-gitlab-runner.ts';

// python-gitlab 3.12 (Debian's python3-gitlab, installed by scripts/test.sh) drives the repository
// API of a listening Latchkey as a release bot would: every scenario of python-gitlab-repository.py
// runs unchanged, on its own project seeded by a real git push, with project access tokens.

const SCRIPT = fileURLToPath(new URL('./python-gitlab-repository.py', import.meta.url));

for (const dialect of DIALECTS) {
  describe(`python-gitlab against a listening Latchkey: repository, tags, releases (${dialect})`, () => {
    let f: GitFixture;

    before(async () => {
      f = await startGitFixtureAtItsUrl(dialect);
    });
    after(() => f.close());

    /** A fresh project (README.md, docs/guide.md pushed to main), its Maintainer and Developer bots, then the scenario. */
    const run = async (scenario: string) => {
      const project = await f.createProject(`py-${scenario}`);
      await f.seed(project.path);
      const maintainer = await f.projectToken(project.id, ['api'], 40);
      const developer = await f.projectToken(project.id, ['api'], 30);
      await runPythonScenario(f.cli, SCRIPT, scenario, {
        url: f.baseUrl,
        project: project.path,
        maintainer_token: maintainer.token,
        developer_token: developer.token,
      });
    };

    test('tags: create lightweight and annotated, list (search), get, delete', () => run('tags'));
    test('releases: create with ref and asset links, list, get, save, links create/list/delete, delete keeps the tag', () => run('releases'));
  });
}
