import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { run } from 'node:test';
import { tap } from 'node:test/reporters';

/**
 * scripts/test.sh's runner: `node --test` over the given files, heaviest first.
 *
 * `node --test a b c` sorts its files by name (Node 20), so a heavy file whose name sorts late
 * starts when the rest are done and runs alone at the end while the other slots sit idle. This
 * runs the same files through node:test's run() (each file still a process of its own, with this
 * process's --import tsx) in the order of test/file-weights.txt, the files it does not list after
 * them by name. Output is TAP, as `node --test` writes when not on a terminal; the exit code is 1
 * when a test failed.
 *
 *   node --import tsx test/helpers/run-test-files.ts <files...>
 *   LATCHKEY_TEST_CONCURRENCY (3)   files at once
 *   LATCHKEY_TEST_TIMINGS=<file>    also write "<seconds> <file>" lines, the longest first: the
 *                                   seconds each file's top-level tests took in this run (to refresh
 *                                   test/file-weights.txt)
 */
const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** "seconds path" lines; a `#` starts a comment. */
function weights(): Map<string, number> {
  const listed = new Map<string, number>();
  for (const line of readFileSync(path.join(ROOT, 'test', 'file-weights.txt'), 'utf8').split('\n')) {
    const [seconds, file] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (file) listed.set(file, Number(seconds));
  }
  return listed;
}

const listed = weights();
const relative = (file: string) => path.relative(ROOT, path.resolve(file));
const files = process.argv.slice(2).sort((a, b) => (listed.get(relative(b)) ?? 0) - (listed.get(relative(a)) ?? 0) || a.localeCompare(b));

const stream = run({ files, concurrency: Number(process.env.LATCHKEY_TEST_CONCURRENCY ?? 3), timeout: 15 * 60 * 1000 });
const seconds = new Map<string, number>();
const record = (data: { nesting: number; file?: string; details: { duration_ms: number } }) => {
  if (data.nesting === 0 && data.file) seconds.set(relative(data.file), (seconds.get(relative(data.file)) ?? 0) + data.details.duration_ms / 1000);
};
stream.on('test:pass', record);
stream.on('test:fail', (data) => {
  process.exitCode = 1;
  record(data);
});
stream.compose(tap).pipe(process.stdout);
process.once('exit', () => {
  const out = process.env.LATCHKEY_TEST_TIMINGS;
  if (!out) return;
  const lines = [...seconds].sort((a, b) => b[1] - a[1]).map(([file, s]) => `${s.toFixed(0).padStart(5)} ${file}`);
  writeFileSync(out, `${lines.join('\n')}\n`);
});
