import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { ensureTestTool } from '../helpers/test-tools.ts';
import { startReleaseFixture, type ReleaseFixture } from './release-fixture.ts';
import { runClient } from './run-client.ts';

// danger, unmodified (installed on demand by scripts/ensure-test-tools.sh), reviews a merge request
// on a listening Latchkey with a project access token: `danger pr <web URL>` reads the merge
// request and prints what the Dangerfile says; `danger ci` with GitLab CI's variables posts it
// as a note on the merge request, and on its next run edits that note instead of adding one.

const DANGERFILE = `
const files = [...danger.git.created_files, ...danger.git.modified_files].sort();
message('Reviewing: ' + danger.gitlab.mr.title);
warn('Changed files: ' + files.join(', '));
`;

interface Note {
  id: number;
  body: string;
  system: boolean;
  author: { id: number };
}

for (const dialect of DIALECTS) {
  describe(`danger against a listening Latchkey (${dialect})`, () => {
    let r: ReleaseFixture;
    let danger: string;
    let mr: { iid: number; web_url: string };

    before(async () => {
      danger = await ensureTestTool('danger');
      r = await startReleaseFixture(dialect, 'danger-demo');
      writeFileSync(path.join(r.work, 'dangerfile.js'), DANGERFILE);
      await r.commitAndPush({ 'README.md': '# danger demo\n' }, 'docs: describe it');
      await pushBranch({ 'greeting.txt': 'hello\n' }, 'feat: greet');
      const created = await r.f.t.api('POST', `/projects/${r.project.id}/merge_requests`, {
        token: r.token,
        body: { source_branch: 'feature/greet', target_branch: 'main', title: 'Add a greeting' },
      });
      assert.equal(created.status, 201, `creating the merge request: ${JSON.stringify(created.body)}`);
      mr = created.body;
    });
    after(() => r?.f.close());

    /** Commits `files` on `feature/greet` in the clone and pushes that branch. */
    const pushBranch = async (files: Record<string, string>, message: string) => {
      const git = (args: string[]) => r.f.cli.git(args, { cwd: r.work });
      // The branch from main the first time; after that, on from where it is (a fast-forward push).
      if ((await git(['checkout', '--quiet', 'feature/greet'])).code !== 0) await git(['checkout', '--quiet', '-b', 'feature/greet']);
      await r.f.cli.commit(r.work, files, message);
      const push = await git(['push', '--quiet', 'origin', 'feature/greet']);
      assert.equal(push.code, 0, push.stderr);
      await git(['checkout', '--quiet', 'main']);
    };

    /** danger with `args`, with the token and host a GitLab user gives it, plus `env`. */
    const runDanger = async (args: string[], env: Record<string, string> = {}) => {
      r.takeRequests();
      const run = await runClient(danger, args, {
        cwd: r.work,
        // danger writes its results (danger-results-*.json) to the temporary directory: the
        // client's own, removed with it, so the suite leaves nothing in /tmp.
        env: { HOME: r.f.cli.home, TMPDIR: r.f.cli.dir('tmp'), DANGER_GITLAB_HOST: r.f.baseUrl, DANGER_GITLAB_API_TOKEN: r.token, ...env },
        timeoutMs: 120_000,
      });
      const requests = r.takeRequests();
      assert.equal(run.code, 0, `danger failed:\n${run.stdout}${run.stderr}\nrequests:\n${requests.join('\n')}`);
      return { output: run.stdout + run.stderr, requests };
    };

    /** `danger ci` as a GitLab CI merge request pipeline starts it. */
    const dangerCi = () =>
      runDanger(['ci', '--dangerfile', 'dangerfile.js'], {
        GITLAB_CI: 'true',
        CI: 'true',
        CI_MERGE_REQUEST_IID: String(mr.iid),
        CI_PROJECT_PATH: r.project.path,
        CI_PROJECT_ID: String(r.project.id),
        CI_API_V4_URL: `${r.f.baseUrl}/api/v4`,
      });

    const dangerNotes = async () => {
      const notes = await r.f.t.api('GET', `/projects/${r.project.id}/merge_requests/${mr.iid}/notes`, { token: r.token });
      assert.equal(notes.status, 200, JSON.stringify(notes.body));
      return (notes.body as Note[]).filter((note) => !note.system && note.body.includes('danger-id'));
    };

    test('danger pr <merge request URL> reads the merge request and prints what the Dangerfile says', async () => {
      const { output } = await runDanger(['pr', mr.web_url, '--dangerfile', 'dangerfile.js']);
      assert.match(output, /Reviewing: Add a greeting/);
      assert.match(output, /Changed files: greeting\.txt/);
      assert.deepEqual(await dangerNotes(), [], 'danger pr only prints');
    });

    test('danger ci posts its review as a note on the merge request, by the bot', async () => {
      await dangerCi();
      const notes = await dangerNotes();
      assert.equal(notes.length, 1, JSON.stringify(notes));
      assert.match(notes[0]!.body, /Reviewing: Add a greeting/);
      assert.match(notes[0]!.body, /Changed files: greeting\.txt/);
      const bot = await r.f.t.api('GET', '/user', { token: r.token });
      assert.equal(notes[0]!.author.id, bot.body.id);
    });

    test('after another push, danger ci edits its note instead of posting a second one', async () => {
      const [first] = await dangerNotes();
      await pushBranch({ 'farewell.txt': 'bye\n' }, 'feat: say goodbye');
      await dangerCi();
      const notes = await dangerNotes();
      assert.equal(notes.length, 1, JSON.stringify(notes));
      assert.equal(notes[0]!.id, first!.id);
      assert.match(notes[0]!.body, /Changed files: farewell\.txt, greeting\.txt/);
    });
  });
}
