import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { ensureTestTool } from '../helpers/test-tools.ts';
import { startReleaseFixture, type ReleaseFixture } from './release-fixture.ts';

// release-it, unmodified (installed on demand by scripts/ensure-test-tools.sh), releases an npm
// package it does not publish, on a listening Latchkey, as it would in CI: it bumps package.json,
// commits, tags (annotated) and pushes over HTTP with the token, then creates the GitLab release.

for (const dialect of DIALECTS) {
  describe(`release-it against a listening Latchkey (${dialect})`, () => {
    let r: ReleaseFixture;
    let releaseIt: string;

    before(async () => {
      releaseIt = await ensureTestTool('release-it');
      r = await startReleaseFixture(dialect, 'ri-demo');
      await r.commitAndPush({ 'package.json': '{\n  "name": "ri-demo",\n  "version": "1.0.0",\n  "private": true\n}\n' }, 'chore: package it');
    });
    after(() => r.f.close());

    /** `release-it [increment] --ci` as CI would run it, with the project access token as GITLAB_TOKEN. */
    const release = async (increment: string[]) => {
      r.takeRequests();
      const args = [...increment, '--ci', '--no-npm.publish', '--gitlab.release', `--gitlab.origin=${r.f.baseUrl}`, '--git.tagName=v${version}'];
      const run = await r.runTool(releaseIt, args, { GITLAB_TOKEN: r.token });
      const requests = r.takeRequests();
      assert.equal(run.code, 0, `release-it failed:\n${run.stdout}${run.stderr}\nrequests:\n${requests.join('\n')}`);
      return { output: run.stdout, requests };
    };

    const api = (path: string) => r.f.t.api('GET', `/projects/${r.project.id}${path}`, { token: r.token });

    test('release-it minor: package.json bumped, "Release 1.1.0" committed, v1.1.0 tagged and pushed, the release created', async () => {
      await r.commitAndPush({ 'farewell.txt': 'bye\n' }, 'feat: say goodbye');
      const { output, requests } = await release(['minor']);
      assert.match(output, /Let's release ri-demo \(1\.0\.0\.\.\.1\.1\.0\)/);
      // The release's `_links.self`, as release-it prints it.
      assert.ok(output.includes(`🔗 ${r.f.baseUrl}/${r.project.path}/-/releases/v1.1.0\n🏁 Done`), output);
      const projectPath = encodeURIComponent(r.project.path);
      assert.deepEqual(requests.slice(0, 2), ['GET /api/v4/user 200', expect200(`GET /api/v4/projects/${projectPath}/members/all/`, requests[1])]);
      assert.equal(requests.at(-1), `POST /api/v4/projects/${projectPath}/releases 201`);

      const main = await api('/repository/branches/main');
      assert.equal(main.body.commit.message.trim(), 'Release 1.1.0');
      const manifest = await api('/repository/files/package.json/raw?ref=main');
      assert.equal(manifest.body.version, '1.1.0');

      const tag = await api('/repository/tags/v1.1.0');
      assert.equal(tag.status, 200, JSON.stringify(tag.body));
      assert.equal(tag.body.message, 'Release 1.1.0');
      assert.equal(tag.body.commit.id, main.body.commit.id);
      assert.notEqual(tag.body.target, main.body.commit.id, 'an annotated tag targets its tag object');

      const shown = await api('/releases/v1.1.0');
      assert.equal(shown.status, 200, JSON.stringify(shown.body));
      assert.equal(shown.body.name, 'Release 1.1.0');
      assert.equal(shown.body.commit.id, main.body.commit.id);
      assert.match(shown.body.description, /\* feat: say goodbye \([0-9a-f]{7,}\)/);
    });

    test('a second release-it run releases the next patch, v1.1.1, with only the new commits in its notes', async () => {
      await r.commitAndPush({ 'farewell.txt': 'goodbye\n' }, 'fix: say it politely');
      await release([]);
      const shown = await api('/releases/v1.1.1');
      assert.equal(shown.status, 200, JSON.stringify(shown.body));
      assert.match(shown.body.description, /\* fix: say it politely/);
      assert.doesNotMatch(shown.body.description, /say goodbye/);
      const releases = await api('/releases');
      assert.deepEqual(releases.body.map((release: { tag_name: string }) => release.tag_name), ['v1.1.1', 'v1.1.0']);
      const remote = await r.f.cli.git(['ls-remote', '--tags', r.remote]);
      assert.match(remote.stdout, /refs\/tags\/v1\.1\.1\n/);
    });
  });
}

/** The request line when it has the expected prefix and status 200 (the member id varies). */
function expect200(prefix: string, line: string | undefined): string {
  return line?.startsWith(prefix) && line.endsWith(' 200') ? line : `${prefix}<bot id> 200`;
}
