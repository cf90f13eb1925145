import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { timed } from './lib/commands.ts';
import { benchDistantClone } from './git-distant.ts';
import { generateRepository } from './lib/generated-repository.ts';
import { apiCall, startLatchkey } from '../test/helpers/latchkey-process.ts';
import { peakRssMb } from './lib/process-memory.ts';
import type { ResultRow } from './lib/report.ts';
import { setupInstance } from './lib/setup-instance.ts';
import { summarize } from './lib/stats.ts';
import type { BenchSettings } from './settings.ts';

async function startNodeGitServer(repoDir: string, password: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'lib', 'node-git-server.ts'), repoDir, password], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve) => child.stdout!.once('data', (c: Buffer) => resolve(c.toString().trim())));
  return { url: `http://127.0.0.1:${port}`, child };
}

interface Subject {
  name: string;
  /** A URL to clone from (the generated repository is there). */
  source: string;
  /** A fresh, empty URL to push to, one per round. */
  emptyTarget(round: number): Promise<string>;
  env: NodeJS.ProcessEnv;
  /** Pushed to only (cloning it would measure the same as another subject). */
  pushOnly?: boolean;
}

/**
 * Benchmark 4: clone and push of a generated repository through Latchkey (HTTP and SSH, with a
 * project access token) against `git clone file://` of the same repository (the limit) and
 * node-git-server with Basic auth (the peer). Subjects alternate within each round.
 */
export async function benchGit(settings: BenchSettings): Promise<{ rows: ResultRow[]; peakRssMb: number | null }> {
  const work = mkdtempSync(path.join(tmpdir(), 'latchkey-bench-git-'));
  const home = path.join(work, 'home');
  const gitEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1' };
  const source = path.join(work, 'source.git');
  await generateRepository(source, settings.repoMb, settings.repoCommits);
  const server = await startLatchkey();
  // The same build with token activity recording off (LATCHKEY_TOKEN_ACTIVITY_DAYS=0), over HTTP:
  // what recording each git request costs, side by side.
  const quiet = await startLatchkey({ LATCHKEY_TOKEN_ACTIVITY_DAYS: '0' });
  // And with push protection off (LATCHKEY_PUSH_PROTECTION=false): what scanning the pushed objects
  // for tokens costs a push, side by side.
  const unguarded = await startLatchkey({ LATCHKEY_PUSH_PROTECTION: 'false' });
  const peer = await startNodeGitServer(path.join(work, 'peer'), 'peer-secret');
  try {
    const { rootToken } = await setupInstance(server, 'unused');
    const quietRoot = (await setupInstance(quiet, 'unused')).rootToken;
    const onUnguarded = { url: unguarded.url, rootToken: (await setupInstance(unguarded, 'unused')).rootToken };
    const host = new URL(server.url).host;
    const quietHost = new URL(quiet.url).host;
    const newProject = async (name: string, on = { url: server.url, rootToken }) => {
      const project = await apiCall(on.url, on.rootToken, 'POST', '/projects', { name });
      const { token } = await apiCall(on.url, on.rootToken, 'POST', `/projects/${project.id}/access_tokens`, {
        name: 'bench',
        scopes: ['read_repository', 'write_repository'],
        access_level: 40, // a Maintainer: the pushes go to main, which is protected
      });
      return { path: project.path_with_namespace as string, token: token as string };
    };
    const seeded = await newProject('seeded');
    const onQuiet = { url: quiet.url, rootToken: quietRoot };
    const quietSeeded = await newProject('seeded', onQuiet);
    const sshEnv = (token: string, port = server.sshPort) => ({
      ...gitEnv,
      GIT_SSH_COMMAND: `sshpass -p ${token} ssh -p ${port} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR`,
    });
    // Seed Latchkey and the peer with the same repository.
    await timed('git', ['push', '--quiet', `http://bench:${seeded.token}@${host}/${seeded.path}.git`, 'main'], { cwd: source, env: gitEnv });
    await timed('git', ['push', '--quiet', `http://bench:${quietSeeded.token}@${quietHost}/${quietSeeded.path}.git`, 'main'], { cwd: source, env: gitEnv });
    await timed('git', ['push', '--quiet', `http://bench:peer-secret@${new URL(peer.url).host}/seeded.git`, 'main'], { cwd: source, env: gitEnv });

    const subjects: Subject[] = [
      {
        name: 'git file:// (limit)',
        source: `file://${source}`,
        emptyTarget: async (round) => {
          const dir = path.join(work, `target-${round}.git`);
          await timed('git', ['init', '--bare', '--quiet', dir], { env: gitEnv });
          return `file://${dir}`;
        },
        env: gitEnv,
      },
      {
        name: 'Latchkey HTTP + token',
        source: `http://bench:${seeded.token}@${host}/${seeded.path}.git`,
        emptyTarget: async (round) => {
          const p = await newProject(`http-push-${round}`);
          return `http://bench:${p.token}@${host}/${p.path}.git`;
        },
        env: gitEnv,
      },
      {
        name: 'Latchkey HTTP + token, activity recording off',
        source: `http://bench:${quietSeeded.token}@${quietHost}/${quietSeeded.path}.git`,
        emptyTarget: async (round) => {
          const p = await newProject(`http-push-${round}`, onQuiet);
          return `http://bench:${p.token}@${quietHost}/${p.path}.git`;
        },
        env: gitEnv,
      },
      {
        name: 'Latchkey HTTP + token, push protection off',
        source: '',
        pushOnly: true,
        emptyTarget: async (round) => {
          const p = await newProject(`http-push-${round}`, onUnguarded);
          return `http://bench:${p.token}@${new URL(unguarded.url).host}/${p.path}.git`;
        },
        env: gitEnv,
      },
      {
        name: 'Latchkey SSH + token',
        source: `ssh://git@127.0.0.1:${server.sshPort}/${seeded.path}.git`,
        emptyTarget: async (round) => {
          const p = await newProject(`ssh-push-${round}`);
          // sshpass needs the token of the target project: pushes go through this subject's env.
          sshTarget.set(round, p.token);
          return `ssh://git@127.0.0.1:${server.sshPort}/${p.path}.git`;
        },
        env: sshEnv(seeded.token),
      },
      {
        name: 'node-git-server HTTP + Basic',
        source: `http://bench:peer-secret@${new URL(peer.url).host}/seeded.git`,
        emptyTarget: async (round) => `http://bench:peer-secret@${new URL(peer.url).host}/push-${round}.git`,
        env: gitEnv,
      },
    ];
    const sshTarget = new Map<number, string>();
    const clone = new Map(subjects.map((s) => [s.name, [] as number[]]));
    const push = new Map(subjects.map((s) => [s.name, [] as number[]]));
    for (let round = 0; round <= settings.transferRounds; round++) {
      const order = round % 2 === 0 ? subjects : [...subjects].reverse();
      for (const subject of order) {
        if (subject.pushOnly) continue;
        const dir = path.join(work, `clone-${round}-${subjects.indexOf(subject)}`);
        const ms = await timed('git', ['clone', '--bare', '--quiet', subject.source, dir], { env: subject.env });
        if (round > 0) clone.get(subject.name)!.push(ms);
        rmSync(dir, { recursive: true, force: true });
      }
      for (const subject of order) {
        const target = await subject.emptyTarget(round);
        const env = subject.name.includes('SSH') ? sshEnv(sshTarget.get(round)!) : subject.env;
        const ms = await timed('git', ['push', '--quiet', target, 'main'], { cwd: source, env });
        if (round > 0) push.get(subject.name)!.push(ms);
      }
    }
    const name = `4. Git (${settings.repoMb} MB, ${settings.repoCommits} commits)`;
    const limit = { clone: summarize(clone.get(subjects[0]!.name)!), push: summarize(push.get(subjects[0]!.name)!) };
    const targets: Record<string, number> = { 'Latchkey HTTP + token': 1.15, 'Latchkey SSH + token': 1.5 };
    const rows: ResultRow[] = [];
    for (const [verb, runs] of [['clone', clone], ['push', push]] as const) {
      for (const subject of subjects) {
        if (verb === 'clone' && subject.pushOnly) continue;
        const summary = summarize(runs.get(subject.name)!);
        const isLimit = subject === subjects[0];
        const target = targets[subject.name];
        rows.push({
          benchmark: name,
          subject: `${verb}: ${subject.name}`,
          metric: 'ms',
          better: 'lower',
          summary,
          ...(!isLimit && { reference: { subject: 'file://', median: limit[verb].median } }),
          ...(target !== undefined && { target: { description: `≤ ${target}×`, met: summary.median <= target * limit[verb].median } }),
        });
      }
    }
    rows.push(
      ...(await benchDistantClone({
        benchmark: name,
        rounds: settings.transferRounds,
        work,
        http: { port: Number(new URL(server.url).port), url: (port) => `http://bench:${seeded.token}@127.0.0.1:${port}/${seeded.path}.git`, env: gitEnv },
        ssh: { port: server.sshPort, url: (port) => `ssh://git@127.0.0.1:${port}/${seeded.path}.git`, env: (port) => sshEnv(seeded.token, port) },
      })),
    );
    return { rows, peakRssMb: peakRssMb(server.child.pid!) };
  } finally {
    peer.child.kill('SIGTERM');
    await server.stop();
    await quiet.stop();
    await unguarded.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
