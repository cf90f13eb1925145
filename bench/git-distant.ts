import { rmSync } from 'node:fs';
import path from 'node:path';
import { timed } from './lib/commands.ts';
import type { ResultRow } from './lib/report.ts';
import { summarize } from './lib/stats.ts';
import { relayDelayed } from '../test/helpers/source-relay.ts';

/** Each way: a 100 ms round trip, a client on another continent. */
export const ONE_WAY_MS = 50;

/**
 * Benchmark 4, distant client: the seeded repository cloned over SSH and over HTTP through a proxy
 * that delays every byte ONE_WAY_MS each way. HTTP rides on TCP alone (no window of its own above
 * it); SSH's channel window is Latchkey's to use, so SSH ÷ HTTP shows what that window costs at a
 * distance. Alternating, after one warm-up round.
 */
export async function benchDistantClone(options: {
  benchmark: string;
  rounds: number;
  work: string;
  http: { port: number; url: (port: number) => string; env: NodeJS.ProcessEnv };
  ssh: { port: number; url: (port: number) => string; env: (port: number) => NodeJS.ProcessEnv };
}): Promise<ResultRow[]> {
  const httpProxy = await relayDelayed(options.http.port, ONE_WAY_MS);
  const sshProxy = await relayDelayed(options.ssh.port, ONE_WAY_MS);
  try {
    const subjects = [
      { name: 'Latchkey HTTP + token', source: options.http.url(httpProxy.port), env: options.http.env },
      { name: 'Latchkey SSH + token', source: options.ssh.url(sshProxy.port), env: options.ssh.env(sshProxy.port) },
    ];
    const runs = new Map(subjects.map((s) => [s.name, [] as number[]]));
    for (let round = 0; round <= options.rounds; round++) {
      for (const subject of round % 2 === 0 ? subjects : [...subjects].reverse()) {
        const dir = path.join(options.work, `distant-clone-${round}`);
        const ms = await timed('git', ['clone', '--bare', '--quiet', subject.source, dir], { env: subject.env });
        if (round > 0) runs.get(subject.name)!.push(ms);
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const reference = summarize(runs.get(subjects[0]!.name)!);
    return subjects.map((subject, index) => ({
      benchmark: options.benchmark,
      subject: `clone over a ${2 * ONE_WAY_MS} ms round trip: ${subject.name}`,
      metric: 'ms',
      better: 'lower' as const,
      summary: index === 0 ? reference : summarize(runs.get(subject.name)!),
      ...(index > 0 && { reference: { subject: 'HTTP, same round trip', median: reference.median } }),
    }));
  } finally {
    await httpProxy.close();
    await sshProxy.close();
  }
}
