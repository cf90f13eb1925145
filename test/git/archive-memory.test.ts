import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { DIALECTS } from '../helpers/databases.ts';
import { mb, peakLiveGrowth } from '../helpers/live-memory.ts';
import { sharedRepository } from '../helpers/shared-fixtures.ts';
import { httpUrl } from './git-cli.ts';
import { startGitFixture, type GitFixture } from './git-fixture.ts';

/**
 * "Archives stream from git, never held whole", measured as test/git/streaming-memory.test.ts
 * measures pushes: a 50 MB repository is downloaded as tar.gz and as zip by curl (its own process)
 * over real HTTP while this process's live memory is sampled.
 */
const PAYLOAD_BYTES = 50 * 1024 * 1024;
const MAX_GROWTH_BYTES = 8 * 1024 * 1024;

for (const dialect of DIALECTS) {
  describe(`GET /projects/:id/repository/archive of a 50 MB repository streams (${dialect})`, () => {
    let f: GitFixture;
    let project: { id: number; path: string };

    before(async () => {
      f = await startGitFixture(dialect);
      project = await f.createProject('big');
      // Generated once per run, for both dialects (test/helpers/shared-fixtures.ts), and pushed.
      const source = await sharedRepository('random-50mb', { script: `head -c ${PAYLOAD_BYTES} /dev/urandom > big.bin`, message: '50 MB of random data' });
      const push = await f.cli.git(['push', '--quiet', httpUrl(f.baseUrl, project.path, f.t.rootToken), 'main'], { cwd: source });
      assert.equal(push.code, 0, push.stderr);
    });
    after(() => f.close());

    for (const format of ['tar.gz', 'zip'] as const) {
      test(`a 50 MB ${format} download grows the server's live memory by less than 8 MB, and holds all of it`, async () => {
        const file = path.join(f.cli.dir('download'), `big.${format}`);
        const url = `${f.baseUrl}/api/v4/projects/${project.id}/repository/archive.${format}`;
        const growth = await peakLiveGrowth(async () => {
          // The token reaches curl through its standard input (a config line), never its argv.
          const res = await f.cli.run('curl', ['-sS', '--fail', '-K', '-', '-o', file, url], { input: `header = "PRIVATE-TOKEN: ${f.t.rootToken}"\n` });
          assert.equal(res.code, 0, res.stderr);
        });
        const size = format === 'zip' ? await f.cli.run('sh', ['-c', `unzip -p "${file}" '*/big.bin' | wc -c`]) : await f.cli.run('sh', ['-c', `tar -xzOf "${file}" --wildcards '*/big.bin' | wc -c`]);
        assert.equal(Number(size.stdout.trim()), PAYLOAD_BYTES, 'the archive holds the whole 50 MB file');
        process.stdout.write(`# ${dialect} ${format}: live memory peak during a 50 MB archive download +${mb(growth)}\n`);
        assert.ok(growth < MAX_GROWTH_BYTES, `the download grew live memory by ${mb(growth)}`);
      });
    }

    test('a client that goes away mid-download stops git archive', async () => {
      const gitArchives = async () => (await f.cli.run('ps', ['-o', 'args=', '--ppid', String(process.pid)])).stdout.split('\n').filter((line) => / archive /.test(line));
      const abort = new AbortController();
      const res = await fetch(`${f.baseUrl}/api/v4/projects/${project.id}/repository/archive.zip`, { headers: { 'private-token': f.t.rootToken }, signal: abort.signal });
      const reader = res.body!.getReader();
      assert.ok((await reader.read()).value!.length > 0);
      assert.equal((await gitArchives()).length, 1, 'git archive runs while the client reads');
      abort.abort();
      for (let i = 0; i < 50 && (await gitArchives()).length > 0; i++) await delay(100);
      assert.deepEqual(await gitArchives(), []);
    });

    test('control: the measurement sees 50 MB held for a moment', async () => {
      const growth = await peakLiveGrowth(async () => {
        const held = Buffer.alloc(PAYLOAD_BYTES, 1);
        await delay(200);
        assert.equal(held[PAYLOAD_BYTES - 1], 1);
      });
      assert.ok(growth >= PAYLOAD_BYTES * 0.9, `saw only ${mb(growth)}`);
    });
  });
}
