import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * `npm run bench` in seconds with tiny sizes, so the benchmark code never rots. It asserts that
 * the benchmarks ran and produced numbers, never how fast anything was.
 *
 * The benchmarks are split over a few test files (bench-smoke-*.test.ts), each running some of
 * them (`bench/run.ts --only`), so that they run side by side; together they run every benchmark
 * (1. to 7.), which `ALL_PARTS` and bench-smoke-parts.test.ts keep honest.
 */
export function benchSmokeTest(only: string[], benchmarks: string[]): void {
  test(`bench --smoke ${only.map((name) => `--only ${name}`).join(' ')} runs benchmarks ${benchmarks.join(' ')} and writes a table and JSON with a number in every row`, async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'latchkey-bench-smoke-'));
    try {
      await run(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--smoke', ...only.flatMap((name) => ['--only', name]), '--out', out], {
        cwd: ROOT,
        env: process.env,
        timeout: 15 * 60 * 1000,
        maxBuffer: 16 * 1024 * 1024,
      });
      const json = JSON.parse(readFileSync(path.join(out, 'latest.json'), 'utf8'));
      const ran = new Set<string>(json.results.map((row: { benchmark: string }) => row.benchmark.split(' ')[0]));
      for (const number of benchmarks) assert.ok(ran.has(number), `benchmark ${number} did not run`);
      for (const row of json.results) {
        assert.ok(Number.isFinite(row.summary.median) && row.summary.median > 0, `${row.benchmark} / ${row.subject}: ${row.summary.median}`);
      }
      const markdown = readFileSync(path.join(out, 'latest.md'), 'utf8');
      assert.match(markdown, /\| benchmark \| subject \|/);
      assert.match(markdown, /## Environment/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
}

/** The parts the smoke test files run (`--only` names) and the benchmarks each must produce. */
export const ALL_PARTS = {
  api: { only: ['api'], benchmarks: ['1.', '6.'] },
  tokens: { only: ['scaling', 'lifecycle'], benchmarks: ['2.', '3.'] },
  git: { only: ['git'], benchmarks: ['4.'] },
  registry: { only: ['registry'], benchmarks: ['5.'] },
  // epochs
  activity: { only: ['activity'], benchmarks: ['7.'] },
} as const;
