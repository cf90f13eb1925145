import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startGitFixture, type GitFixture } from './git-fixture.ts';

/** The diff caps of src/git/diff.ts (200 KB a file, 8 MB in all), seen through the API. */
for (const dialect of DIALECTS) {
  describe(`repository API: diff limits (${dialect})`, () => {
    let f: GitFixture;
    let project: { id: number; path: string };
    const sha = { seed: '', large: '', huge: '' };

    before(async () => {
      f = await startGitFixture(dialect);
      project = await f.createProject('diffs');
      const work = await f.seed(project.path);
      const run = async (script: string) => {
        const res = await f.cli.run('sh', ['-c', script], { cwd: work });
        assert.equal(res.code, 0, res.stderr);
        return res.stdout.trim();
      };
      sha.seed = await run('git rev-parse HEAD');
      // Made by the shell: ~290 KB of patch for one file, then ~11 MB.
      await run('seq 1 50000 > large.txt && echo small > small.txt && git add -A && git commit -q -m large');
      sha.large = await run('git rev-parse HEAD');
      await run('seq 1 1500000 > huge.txt && git add -A && git commit -q -m huge && git push -q origin main');
      sha.huge = await run('git rev-parse HEAD');
    });
    after(() => f.close());

    test('GET /projects/:id/repository/commits/:sha/diff sends a file over 200 KB empty and too_large, the others in full', async () => {
      const res = await f.t.api('GET', `/projects/${project.id}/repository/commits/${sha.large}/diff`);
      assert.equal(res.status, 200);
      const byPath = Object.fromEntries(res.body.map((d: any) => [d.new_path, d]));
      assert.deepEqual([byPath['large.txt'].diff, byPath['large.txt'].too_large, byPath['large.txt'].new_file], ['', true, true]);
      assert.deepEqual([byPath['small.txt'].diff, byPath['small.txt'].too_large], ['@@ -0,0 +1 @@\n+small\n', false]);
    });

    test('GET /projects/:id/repository/compare past 8 MB of patches leaves the rest out and says compare_timeout', async () => {
      const within = await f.t.api('GET', `/projects/${project.id}/repository/compare?from=${sha.seed}&to=${sha.large}`);
      assert.equal(within.body.compare_timeout, false);
      const past = await f.t.api('GET', `/projects/${project.id}/repository/compare?from=${sha.seed}&to=${sha.huge}`);
      assert.equal(past.status, 200);
      assert.equal(past.body.compare_timeout, true);
      assert.deepEqual(past.body.commits.map((c: any) => c.title), ['large', 'huge']);
      assert.equal(past.body.diffs.some((d: any) => d.new_path === 'huge.txt'), false, 'the file cut short is left out');
    });
  });
}
