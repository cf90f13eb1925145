import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ALL_PARTS } from './bench-smoke.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

test('the bench smoke test files together run every benchmark bench/run.ts has, 1. to 7.', () => {
  const parts = Object.values(ALL_PARTS);
  // Every `--only` name bench/run.ts knows is run by one part, and only once.
  const known = [...readFileSync(path.join(ROOT, 'bench', 'run.ts'), 'utf8').matchAll(/wanted\('(\w+)'\)/g)].map((m) => m[1]!);
  assert.deepEqual([...new Set(parts.flatMap((part) => [...part.only]))].sort(), [...new Set(known)].sort());
  assert.equal(parts.flatMap((part) => [...part.only]).length, new Set(known).size);
  assert.deepEqual([...new Set(parts.flatMap((part) => [...part.benchmarks]))].sort(), ['1.', '2.', '3.', '4.', '5.', '6.', '7.']);
  // And each part has its test file.
  for (const name of Object.keys(ALL_PARTS)) {
    assert.match(readFileSync(path.join(import.meta.dirname, `bench-smoke-${name}.test.ts`), 'utf8'), new RegExp(`ALL_PARTS\\.${name}\\b`));
  }
});
