import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildOciImage } from '../test/helpers/oci-image.ts';
import { timed } from './lib/commands.ts';
import { apiCall, startLatchkey } from '../test/helpers/latchkey-process.ts';
import { freePort } from '../test/helpers/ports.ts';
import type { ResultRow } from './lib/report.ts';
import { setupInstance } from './lib/setup-instance.ts';
import { summarize } from './lib/stats.ts';
import type { BenchSettings } from './settings.ts';

/** The same docker-registry binary with authentication off: the reference. */
async function startOpenRegistry(dir: string): Promise<{ addr: string; child: ChildProcess }> {
  const addr = `127.0.0.1:${await freePort()}`;
  const config = path.join(dir, 'open-registry.yml');
  writeFileSync(
    config,
    `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${JSON.stringify(path.join(dir, 'open-storage'))}\nhttp:\n  addr: ${JSON.stringify(addr)}\n`,
  );
  const child = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
  await waitFor(`http://${addr}/v2/`, [200]);
  return { addr, child };
}

async function waitFor(url: string, statuses: number[]): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if (statuses.includes((await fetch(url)).status)) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} did not come up`);
}

/**
 * Benchmark 5: push and pull of an image with skopeo through Latchkey's token auth, against the
 * same registry with authentication off. Each round pushes a fresh image (new random layer) to
 * both, in alternating order, then pulls it back from both.
 */
export async function benchRegistry(settings: BenchSettings): Promise<ResultRow[]> {
  const work = mkdtempSync(path.join(tmpdir(), 'latchkey-bench-registry-'));
  const registryAddr = `127.0.0.1:${await freePort()}`;
  const server = await startLatchkey({ LATCHKEY_REGISTRY: 'embedded', LATCHKEY_REGISTRY_ADDR: registryAddr });
  // The same build with token activity recording off (LATCHKEY_TOKEN_ACTIVITY_DAYS=0): what
  // recording each /jwt/auth costs a transfer, side by side.
  const quietRegistryAddr = `127.0.0.1:${await freePort()}`;
  const quiet = await startLatchkey({ LATCHKEY_REGISTRY: 'embedded', LATCHKEY_REGISTRY_ADDR: quietRegistryAddr, LATCHKEY_TOKEN_ACTIVITY_DAYS: '0' });
  const open = await startOpenRegistry(work);
  const policy = path.join(work, 'policy.json');
  writeFileSync(policy, JSON.stringify({ default: [{ type: 'insecureAcceptAnything' }] }));
  const env = { PATH: process.env.PATH, HOME: work, TMPDIR: work };
  const skopeo = (args: string[]) => timed('skopeo', ['--policy', policy, ...args], { env });
  try {
    const pusher = async (on: typeof server, addr: string) => {
      await waitFor(`http://${addr}/v2/`, [401]);
      const { rootToken, projectId, projectPath } = await setupInstance(on, 'images');
      const { token } = await apiCall(on.url, rootToken, 'POST', `/projects/${projectId}/access_tokens`, {
        name: 'pusher',
        scopes: ['read_registry', 'write_registry'],
      });
      return { projectPath, token: token as string };
    };
    const recorded = await pusher(server, registryAddr);
    const unrecorded = await pusher(quiet, quietRegistryAddr);
    const subjects = [
      { name: 'registry, auth off (reference)', target: `${open.addr}/${recorded.projectPath}`, creds: [] as string[] },
      { name: 'registry via Latchkey token auth', target: `${registryAddr}/${recorded.projectPath}`, creds: [`any:${recorded.token}`] },
      {
        name: 'registry via Latchkey token auth, activity recording off',
        target: `${quietRegistryAddr}/${unrecorded.projectPath}`,
        creds: [`any:${unrecorded.token}`],
      },
    ];
    const push = new Map(subjects.map((s) => [s.name, [] as number[]]));
    const pull = new Map(subjects.map((s) => [s.name, [] as number[]]));
    for (let round = 0; round <= settings.transferRounds; round++) {
      const image = path.join(work, `image-${round}`);
      buildOciImage(image, 'v1', randomBytes(settings.imageMb * 1024 * 1024));
      const order = round % 2 === 0 ? subjects : [...subjects].reverse();
      for (const subject of order) {
        const credArgs = subject.creds.length ? ['--dest-creds', subject.creds[0]!] : [];
        const ms = await skopeo(['copy', '--dest-tls-verify=false', ...credArgs, `oci:${image}:v1`, `docker://${subject.target}:r${round}`]);
        if (round > 0) push.get(subject.name)!.push(ms); // round 0 warms up
      }
      for (const subject of order) {
        const credArgs = subject.creds.length ? ['--src-creds', subject.creds[0]!] : [];
        const out = path.join(work, `pulled-${round}-${subjects.indexOf(subject)}`);
        const ms = await skopeo(['copy', '--src-tls-verify=false', ...credArgs, `docker://${subject.target}:r${round}`, `oci:${out}:v1`]);
        if (round > 0) pull.get(subject.name)!.push(ms);
        rmSync(out, { recursive: true, force: true });
      }
      rmSync(image, { recursive: true, force: true });
    }
    const name = `5. Registry (${settings.imageMb} MB image, skopeo)`;
    const rows: ResultRow[] = [];
    for (const [verb, runs] of [['push', push], ['pull', pull]] as const) {
      const reference = summarize(runs.get(subjects[0]!.name)!);
      const recordedRuns = summarize(runs.get(subjects[1]!.name)!);
      const unrecordedRuns = summarize(runs.get(subjects[2]!.name)!);
      rows.push(
        { benchmark: name, subject: `${verb}: ${subjects[0]!.name}`, metric: 'ms', better: 'lower', summary: reference },
        {
          benchmark: name,
          subject: `${verb}: ${subjects[1]!.name}`,
          metric: 'ms',
          better: 'lower',
          summary: recordedRuns,
          reference: { subject: 'auth off', median: reference.median },
          target: { description: '≤ 1.1×', met: recordedRuns.median <= 1.1 * reference.median },
        },
        {
          benchmark: name,
          subject: `${verb}: ${subjects[2]!.name}`,
          metric: 'ms',
          better: 'lower',
          summary: unrecordedRuns,
          reference: { subject: 'recorded', median: recordedRuns.median },
        },
      );
    }
    return rows;
  } finally {
    open.child.kill('SIGTERM');
    await server.stop();
    await quiet.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
