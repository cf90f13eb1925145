import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';
import { freePort } from '../helpers/ports.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { runPythonScenario } from './python-gitlab-runner.ts';

// python-gitlab 3.12 (Debian's python3-gitlab, installed by scripts/test.sh) manages a project's
// webhooks through `project.hooks`, unchanged, with project access tokens of a listening Latchkey
// that may send to a real receiver on 127.0.0.1 (LATCHKEY_ALLOW_LOCAL_WEBHOOKS=true).

const SCRIPT = fileURLToPath(new URL('./python-gitlab-hooks.py', import.meta.url));

for (const dialect of DIALECTS) {
  describe(`python-gitlab against a listening Latchkey: project hooks (${dialect})`, () => {
    let f: GitFixture;
    let receiver: WebhookReceiver;

    before(async () => {
      f = await startGitFixture(dialect, { LATCHKEY_EXTERNAL_URL: `http://127.0.0.1:${await freePort()}`, LATCHKEY_ALLOW_LOCAL_WEBHOOKS: 'true' });
      receiver = await startWebhookReceiver();
    });
    after(async () => {
      await receiver.close();
      await f.close();
    });

    const run = async (scenario: string) => {
      const project = await f.createProject(`py-hooks-${scenario.replaceAll('_', '-')}`);
      const maintainer = await f.projectToken(project.id, ['api'], 40);
      const developer = await f.projectToken(project.id, ['api'], 30);
      await runPythonScenario(f.cli, SCRIPT, scenario, {
        url: f.baseUrl,
        project: project.path,
        maintainer_token: maintainer.token,
        developer_token: developer.token,
        receiver: `${receiver.url}/python`,
      });
    };

    test('crud: create (token never returned), get, save, list with pages, delete', () => run('crud'));
    test('refusals: ftp and javascript URLs 422, a Developer 403', () => run('refusals'));
    test('test_trigger: POST hooks/:id/test/push_events 201 once the receiver got it, no merge requests 422', async () => {
      await run('test_trigger');
      const got = receiver.requests.filter((request) => request.path === '/python');
      assert.equal(got.length, 1);
      assert.equal(got[0]!.headers['x-gitlab-event'], 'Push Hook');
      assert.equal(got[0]!.headers['x-gitlab-token'], 'py-test-secret');
    });
  });
}
