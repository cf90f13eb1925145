import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

// The documentation stands on its own and keeps up with the code: every relative link of the
// README and docs/ leads to a file of the repository, and every repository path the docs name in
// backticks (`src/...`, `test/...`) exists.

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const DOCUMENTS = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

function linksOf(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((target) => !/^[a-z]+:|^#/.test(target));
}

function namedPathsOf(markdown: string): string[] {
  return [...markdown.matchAll(/`((?:src|test|bench|docs|scripts)\/[^`\s*<>]+)`/g)].map((m) => m[1]!);
}

describe('documentation paths', () => {
  for (const document of DOCUMENTS) {
    test(`${document}: every relative link leads to a file in the repository`, () => {
      const text = readFileSync(path.join(ROOT, document), 'utf8');
      const broken = linksOf(text).filter((target) => {
        const resolved = path.resolve(path.dirname(path.join(ROOT, document)), target.split('#')[0]!);
        return !resolved.startsWith(`${ROOT}${path.sep}`) || !existsSync(resolved);
      });
      assert.deepEqual(broken, []);
    });

    test(`${document}: every src/, test/, bench/, docs/ or scripts/ path it names exists`, () => {
      const text = readFileSync(path.join(ROOT, document), 'utf8');
      assert.deepEqual(namedPathsOf(text).filter((named) => !existsSync(path.join(ROOT, named))), []);
    });
  }
});
