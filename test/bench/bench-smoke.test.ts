import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..', '..');

// `npm run bench` in seconds with tiny sizes, so the benchmark code never rots. It asserts that
// every benchmark ran and produced numbers, never how fast anything was.
test('bench --smoke runs every benchmark and writes a table and JSON with a number in every row', async () => {
  const out = mkdtempSync(path.join(tmpdir(), 'latchkey-bench-smoke-'));
  try {
    await run(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--smoke', '--out', out], {
      cwd: ROOT,
      env: process.env,
      timeout: 15 * 60 * 1000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const json = JSON.parse(readFileSync(path.join(out, 'latest.json'), 'utf8'));
    const benchmarks = new Set<string>(json.results.map((row: { benchmark: string }) => row.benchmark.split(' ')[0]));
    for (const number of ['1.', '2.', '3.', '4.', '5.', '6.']) assert.ok(benchmarks.has(number), `benchmark ${number} did not run`);
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
