import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { DIALECTS } from '../helpers/databases.ts';
import { mb, peakLiveGrowth } from '../helpers/live-memory.ts';
import { httpUrl, sshUrl } from './git-cli.ts';
import { startGitFixture, type GitFixture } from './git-fixture.ts';

/**
 * "Never a whole pack in memory", measured: the server runs in this process (the git and ssh
 * clients are their own processes), and during each transfer the live memory of this process is
 * sampled (test/helpers/live-memory.ts). A server that held a 20 MB pack, or queued it in a stream
 * without backpressure, would show 20 MB+ of live growth.
 */
const PAYLOAD_BYTES = 20 * 1024 * 1024;
// SSH flow control bounds what is in flight (2 MB windows each way; ssh2 buffers up to a window,
// plus the pipe's chunks on both sides), so SSH transfers show a few MB whatever the size of the
// pack (5–9 MB measured here); HTTP transfers show less than 1 MB. Either is well below the 20 MB
// that holding the pack would show (the control test below).
const MAX_GROWTH_BYTES = { http: 8 * 1024 * 1024, ssh: 12 * 1024 * 1024 } as const;


for (const dialect of DIALECTS) {
  describe(`a 20 MB push and clone stream through the server (${dialect})`, () => {
    let f: GitFixture;
    let project: { id: number; path: string };
    let work: string;

    before(async () => {
      f = await startGitFixture(dialect);
      project = await f.createProject('big');
      work = await f.seed(project.path);
      // Warm up both transports, so the measurement sees the transfers and not first-use code loading.
      const warm = await f.cli.git(['clone', '--quiet', sshUrl(f.ssh.port, project.path), f.cli.dir('warm')], {
        env: f.cli.sshEnv(f.ssh.port, { password: f.t.rootToken }),
      });
      assert.equal(warm.code, 0, warm.stderr);
    });
    after(() => f.close());

    for (const transport of ['http', 'ssh'] as const) {
      test(`over ${transport}: a 20 MB push and a 20 MB clone grow the server's live memory by less than ${mb(MAX_GROWTH_BYTES[transport])}`, async () => {
        const env = transport === 'ssh' ? f.cli.sshEnv(f.ssh.port, { password: f.t.rootToken }) : {};
        const url = transport === 'ssh' ? sshUrl(f.ssh.port, project.path) : httpUrl(f.baseUrl, project.path, f.t.rootToken);
        // Made outside this process: a payload Buffer here would sit in the very memory measured.
        const made = await f.cli.run('sh', ['-c', `head -c ${PAYLOAD_BYTES} /dev/urandom > ${transport}.bin`], { cwd: work });
        assert.equal(made.code, 0, made.stderr);
        await f.cli.commit(work, {}, `20 MB of random data over ${transport}`);

        const push = await peakLiveGrowth(async () => {
          const res = await f.cli.git(['push', '--quiet', url, 'main'], { cwd: work, env });
          assert.equal(res.code, 0, res.stderr);
        });
        const target = f.cli.dir('clone');
        const clone = await peakLiveGrowth(async () => {
          const res = await f.cli.git(['clone', '--quiet', '--bare', url, target], { env });
          assert.equal(res.code, 0, res.stderr);
        });
        const size = await f.cli.git(['count-objects', '-v'], { cwd: target });
        assert.match(size.stdout, /size-pack: (2\d{4}|[3-9]\d{4})/, 'the clone holds the 20 MB');
        process.stdout.write(`# ${dialect} ${transport}: live memory peak during push +${mb(push)}, during clone +${mb(clone)}\n`);
        assert.ok(push < MAX_GROWTH_BYTES[transport], `the push grew live memory by ${mb(push)}`);
        assert.ok(clone < MAX_GROWTH_BYTES[transport], `the clone grew live memory by ${mb(clone)}`);
      });
    }

    test('control: the measurement sees 20 MB held for a moment during a transfer', async () => {
      const growth = await peakLiveGrowth(async () => {
        const held = Buffer.alloc(PAYLOAD_BYTES, 1);
        await delay(200);
        assert.equal(held[PAYLOAD_BYTES - 1], 1);
      });
      assert.ok(growth >= PAYLOAD_BYTES * 0.9, `saw only ${mb(growth)}`);
    });
  });
}
