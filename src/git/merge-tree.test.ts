import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { mergeBase, mergeTree } from './merge-tree.ts';

const dir = mkdtempSync(join(tmpdir(), 'latchkey-merge-tree-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], { cwd: dir, encoding: 'utf8' }).trim();
}

function commitFile(file: string, content: string): string {
  writeFileSync(join(dir, file), content);
  git('add', file);
  git('commit', '-qm', `${file}: ${content}`);
  return git('rev-parse', 'HEAD');
}

describe('mergeTree', () => {
  git('init', '-q', '-b', 'main');
  const base = commitFile('a.txt', 'one\n');
  git('checkout', '-qb', 'clean');
  const clean = commitFile('b.txt', 'two\n');
  git('checkout', '-q', base);
  git('checkout', '-qb', 'conflict');
  const conflict = commitFile('a.txt', 'theirs\n');
  git('checkout', '-q', 'main');
  const main = commitFile('a.txt', 'ours\n');

  test('merges a clean pair into a tree holding both sides', async () => {
    const result = await mergeTree(dir, main, clean);
    assert.deepEqual(result.conflicts, []);
    assert.deepEqual(git('ls-tree', '--name-only', result.tree).split('\n'), ['a.txt', 'b.txt']);
  });

  test('names the conflicting paths', async () => {
    const result = await mergeTree(dir, main, conflict);
    assert.deepEqual(result.conflicts, ['a.txt']);
    assert.match(result.tree, /^[0-9a-f]{40}$/);
  });

  test('finds the merge base, or none for unrelated histories', async () => {
    assert.equal(await mergeBase(dir, main, clean), base);
    git('checkout', '-q', '--orphan', 'lonely');
    const lonely = commitFile('c.txt', 'alone\n');
    assert.equal(await mergeBase(dir, main, lonely), null);
    await assert.rejects(mergeTree(dir, main, lonely));
  });
});
