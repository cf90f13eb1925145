import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { variablesReadByLoadConfig } from '../helpers/config-variables.ts';

// The README's configuration table is the operator's list of every LATCHKEY_* variable: each one
// the code reads has a row, and each row names one the code reads.

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Names read from an environment in the source: `env.X`, `env['X']`, or a string that is exactly a name (`read(env, 'X')`). */
const READS = [/\benv\.(LATCHKEY_[A-Z0-9_]+)/g, /\benv\[\s*['"`](LATCHKEY_[A-Z0-9_]+)['"`]\s*\]/g, /['"`](LATCHKEY_[A-Z0-9_]+)['"`]/g];

function variablesReadBySource(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sourceFiles(path.join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of READS) {
      for (const match of text.matchAll(pattern)) {
        found.set(match[1]!, [...(found.get(match[1]!) ?? []), path.relative(ROOT, file)]);
      }
    }
  }
  return found;
}

function variablesInReadmeTable(): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = /^## Configuration\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1];
  assert.ok(section, 'README.md has a "## Configuration" section');
  const rows = section.split('\n').filter((line) => line.startsWith('|')).slice(2); // header and --- line
  assert.ok(rows.length > 0, 'the section has a table');
  return rows.flatMap((row) => [...row.split('|')[1]!.matchAll(/LATCHKEY_[A-Z0-9_]+/g)].map((m) => m[0]));
}

describe('README configuration table', () => {
  test('the source finds the variables loadConfig reads (the scan below is not blind)', () => {
    const scanned = variablesReadBySource();
    const missed = variablesReadByLoadConfig(ROOT).filter((name) => !scanned.has(name));
    assert.deepEqual(missed, []);
  });

  test('every LATCHKEY_* variable the code under src/ reads has a row in the README configuration table', () => {
    const documented = new Set(variablesInReadmeTable());
    const read = variablesReadBySource();
    const undocumented = [...read].filter(([name]) => !documented.has(name)).map(([name, files]) => `${name} (${[...new Set(files)].join(', ')})`);
    assert.deepEqual(undocumented, []);
  });

  test('every variable in the README configuration table is read by the code under src/', () => {
    const read = variablesReadBySource();
    assert.deepEqual(variablesInReadmeTable().filter((name) => !read.has(name)), []);
  });
});
