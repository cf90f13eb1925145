import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';
import { freePort } from '../helpers/ports.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { runPythonScenario } from './python-gitlab-runner.ts';

// python-gitlab 3.12 (Debian's python3-gitlab, installed by scripts/test.sh) manages groups,
// subgroups, their members and projects through `gl.groups`, unchanged, against a listening Latchkey.

const SCRIPT = fileURLToPath(new URL('./python-gitlab-groups.py', import.meta.url));

for (const dialect of DIALECTS) {
  describe(`python-gitlab against a listening Latchkey: groups (${dialect})`, () => {
    let f: GitFixture;
    let context: Record<string, unknown>;

    before(async () => {
      f = await startGitFixture(dialect, { LATCHKEY_EXTERNAL_URL: `http://127.0.0.1:${await freePort()}` });
      const owner = await f.t.createUser('py-owner');
      const member = await f.t.createUser('py-member');
      context = { url: f.baseUrl, owner_token: owner.token, owner_id: owner.id, member_token: member.token, member_id: member.id };
    });
    after(() => f.close());

    test('groups: gl.groups.create (with parent_id), get by full path, list, subgroups, descendant_groups, projects, save', () =>
      runPythonScenario(f.cli, SCRIPT, 'groups', context));
    test('members: group.members create/list/get/save/delete, members_all of a subgroup and a project, the last Owner kept', () =>
      runPythonScenario(f.cli, SCRIPT, 'members', context));
    // gtokens
    test('access tokens: group.access_tokens create/list/delete, the token reads and writes a subgroup\'s project, revoke leaves its issue to the Ghost User', () =>
      runPythonScenario(f.cli, SCRIPT, 'access_tokens', context));
    // gparity
    test('hooks: group.hooks create/list/get/save/delete, the token never shown, an invalid URL 422, a stranger 404', () =>
      runPythonScenario(f.cli, SCRIPT, 'hooks', context));
  });
}
