import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { ensureTestTool } from '../helpers/test-tools.ts';
import { startReleaseFixture, type ReleaseFixture } from './release-fixture.ts';

// semantic-release with @semantic-release/gitlab, unmodified (installed on demand by
// scripts/ensure-test-tools.sh), releases a project on a listening Latchkey as it would in CI:
// it reads the history over git, pushes the tag, and creates the release through the API.

const PLUGINS = ['@semantic-release/commit-analyzer', '@semantic-release/release-notes-generator', '@semantic-release/gitlab'];

for (const dialect of DIALECTS) {
  describe(`semantic-release against a listening Latchkey (${dialect})`, () => {
    let r: ReleaseFixture;
    let semanticRelease: string;

    before(async () => {
      semanticRelease = await ensureTestTool('semantic-release');
      r = await startReleaseFixture(dialect, 'sr-demo');
    });
    after(() => r.f.close());

    /** One run as CI would start it, with the project access token as GITLAB_TOKEN. */
    const release = async () => {
      r.takeRequests();
      const run = await r.runTool(semanticRelease, ['--no-ci', '--branches', 'main', '--repository-url', r.remote, '--plugins', PLUGINS.join(',')], {
        GITLAB_TOKEN: r.token,
        GITLAB_URL: r.f.baseUrl,
      });
      const requests = r.takeRequests();
      assert.equal(run.code, 0, `semantic-release failed:\n${run.stdout}${run.stderr}\nrequests:\n${requests.join('\n')}`);
      return { output: run.stdout, requests };
    };

    const api = (path: string) => r.f.t.api('GET', `/projects/${r.project.id}${path}`, { token: r.token });

    test('a feat: commit is released as 1.0.0: the tag is pushed and the release carries the generated notes', async () => {
      const head = await r.commitAndPush({ 'greeting.txt': 'hello\n' }, 'feat: greet the user');
      const { output, requests } = await release();
      assert.match(output, /Published GitLab release: v1\.0\.0/);
      assert.match(output, /Published release 1\.0\.0 on default channel/);
      const projectPath = encodeURIComponent(r.project.path);
      // Verify (push rights), publish, then the merge requests of each released commit (none here).
      assert.deepEqual(requests.map((line) => line.replace(/\b[0-9a-f]{40}\b/, ':sha')), [
        `GET /api/v4/projects/${projectPath} 200`,
        `POST /api/v4/projects/${projectPath}/releases 201`,
        `GET /api/v4/projects/${projectPath}/repository/commits/:sha/merge_requests 200`,
        `GET /api/v4/projects/${projectPath}/repository/commits/:sha/merge_requests 200`,
      ]);

      const tag = await api('/repository/tags/v1.0.0');
      assert.equal(tag.status, 200, JSON.stringify(tag.body));
      assert.equal(tag.body.commit.id, head);
      const shown = await api('/releases/v1.0.0');
      assert.equal(shown.status, 200, JSON.stringify(shown.body));
      assert.equal(shown.body.tag_name, 'v1.0.0');
      assert.equal(shown.body.commit.id, head);
      assert.match(shown.body.description, /^# 1\.0\.0 \(\d{4}-\d{2}-\d{2}\)/);
      assert.match(shown.body.description, /### Features\n\n\* greet the user/);
    });

    test('a fix: commit after it is released as the next patch, 1.0.1', async () => {
      const head = await r.commitAndPush({ 'greeting.txt': 'hello, world\n' }, 'fix: greet the whole world');
      const { output } = await release();
      assert.match(output, /Found git tag v1\.0\.0 associated with version 1\.0\.0/);
      assert.match(output, /Published release 1\.0\.1 on default channel/);

      const shown = await api('/releases/v1.0.1');
      assert.equal(shown.status, 200, JSON.stringify(shown.body));
      assert.equal(shown.body.commit.id, head);
      assert.match(shown.body.description, /### Bug Fixes\n\n\* greet the whole world/);
      assert.doesNotMatch(shown.body.description, /greet the user/);
      const releases = await api('/releases');
      assert.deepEqual(releases.body.map((release: { tag_name: string }) => release.tag_name), ['v1.0.1', 'v1.0.0']);
    });
  });
}
