import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchApiAuth } from './api-auth.ts';
import { markdownTable, ratio, type ResultRow } from './lib/report.ts';
import { summarize } from './lib/stats.ts';
import { FULL, SMOKE } from './settings.ts';
import { benchTokenLifecycle } from './token-lifecycle.ts';
import { benchTokenScaling } from './token-scaling.ts';
import { benchRegistry } from './registry-transfer.ts';
import { benchGit } from './git-transfer.ts';
import { benchCacheActivity } from './cache-activity.ts';
import { CPUS } from './lib/cpu-pinning.ts';

// `npm run bench` (through scripts/with-postgres.sh): every benchmark, reference and Latchkey in
// the same run, alternating; results in bench/results/latest.{md,json}. `--smoke` runs them all
// in seconds with tiny sizes, to keep the code from rotting; its numbers mean nothing.

const { values } = parseArgs({
  options: { smoke: { type: 'boolean' }, out: { type: 'string' }, only: { type: 'string', multiple: true } },
});
const settings = values.smoke ? SMOKE : FULL;
const outDir = path.resolve(values.out ?? path.join(import.meta.dirname, 'results'));
const wanted = (name: string) => !values.only || values.only.includes(name);

function environment() {
  const version = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8' }).trim().split('\n')[0];
    } catch {
      return 'not found';
    }
  };
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpu: `${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}`,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()}`,
    git: version('git', ['--version']),
    postgres: version('postgres', ['--version']),
    settings: values.smoke ? 'smoke' : 'full',
    loadGenerator: `wrk (separate process, 1 thread), ${settings.connections} connections, ${settings.seconds} s × ${settings.rounds} rounds${CPUS ? `; wrk on CPU ${CPUS.load}, the measured HTTP servers on CPU ${CPUS.server}` : ''}`,
  };
}

async function main(): Promise<void> {
  const rows: ResultRow[] = [];
  const peaks: number[] = [];
  const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
  for (const dialect of ['sqlite', 'postgres'] as const) {
    if (wanted('api')) {
      log(`1. API auth on ${dialect}`);
      const result = await benchApiAuth(settings, dialect);
      rows.push(...result.rows);
      if (result.peakRssMb !== null) peaks.push(result.peakRssMb);
    }
  }
  for (const dialect of ['sqlite', 'postgres'] as const) {
    if (wanted('scaling')) {
      log(`2. token scaling on ${dialect}`);
      rows.push(...(await benchTokenScaling(settings, dialect)));
    }
  }
  for (const dialect of ['sqlite', 'postgres'] as const) {
    if (wanted('lifecycle')) {
      log(`3. token lifecycle on ${dialect}`);
      rows.push(...(await benchTokenLifecycle(settings, dialect)));
    }
  }
  const gitPeaks: number[] = [];
  if (wanted('git')) {
    log('4. git clone/push');
    const result = await benchGit(settings);
    rows.push(...result.rows);
    if (result.peakRssMb !== null) gitPeaks.push(result.peakRssMb);
  }
  if (wanted('registry')) {
    log('5. registry push/pull');
    rows.push(...(await benchRegistry(settings)));
  }
  for (const dialect of ['sqlite', 'postgres'] as const) {
    if (wanted('activity')) {
      log(`7. cache under activity on ${dialect}`);
      rows.push(...(await benchCacheActivity(settings, dialect)));
    }
  }
  for (const [label, values] of [['benchmark 1 (API)', peaks], ['benchmark 4 (git)', gitPeaks]] as const) {
    if (values.length === 0) continue;
    const peak = summarize(values);
    rows.push({
      benchmark: '6. Memory',
      subject: `server peak RSS during ${label}`,
      metric: 'MB (max of runs)',
      better: 'lower',
      summary: peak,
      target: { description: '≤ 150 MB', met: peak.max <= 150 },
    });
  }

  const env = environment();
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    path.join(outDir, 'latest.json'),
    `${JSON.stringify({ environment: env, results: rows.map((row) => ({ ...row, ratio: ratio(row) })) }, null, 2)}\n`,
  );
  const md = [
    `# Latchkey benchmarks (${env.settings})`,
    '',
    markdownTable(rows),
    '',
    `Medians of ${settings.rounds} alternating rounds (git and registry: ${settings.transferRounds}, after one warm-up round); ratio = subject ÷ reference from the same run.`,
    '',
    '## Environment',
    '',
    ...Object.entries(env).map(([k, v]) => `- ${k}: ${v}`),
    '',
  ].join('\n');
  writeFileSync(path.join(outDir, 'latest.md'), md);
  process.stdout.write(`${md}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
