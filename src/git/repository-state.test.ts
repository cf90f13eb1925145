import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { hasBranch } from './repository-state.ts';

const root = mkdtempSync(path.join(tmpdir(), 'latchkey-repo-state-'));
after(() => rmSync(root, { recursive: true, force: true }));

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, stdio: 'pipe' }).toString();

test('hasBranch: a new bare repository has none; a pushed branch (nested name) counts, loose or packed; deleted, it is gone', async () => {
  const bare = path.join(root, 'r.git');
  git(root, 'init', '--quiet', '--bare', bare);
  assert.equal(await hasBranch(bare), false);
  const work = path.join(root, 'w');
  git(root, 'init', '--quiet', work);
  git(work, 'commit', '--quiet', '--allow-empty', '-m', 'first');
  git(work, 'push', '--quiet', bare, 'HEAD:refs/heads/feature/one');
  assert.equal(await hasBranch(bare), true, 'loose');
  git(bare, 'pack-refs', '--all');
  assert.equal(await hasBranch(bare), true, 'packed');
  git(work, 'push', '--quiet', bare, ':refs/heads/feature/one');
  assert.equal(await hasBranch(bare), false, 'deleted');
  git(work, 'tag', 'v1');
  git(work, 'push', '--quiet', bare, 'v1');
  assert.equal(await hasBranch(bare), false, 'a tag is no branch');
});

test('hasBranch: a missing directory has none, and a stray lock file is no branch', async () => {
  assert.equal(await hasBranch(path.join(root, 'missing.git')), false);
  const bare = path.join(root, 'locked.git');
  git(root, 'init', '--quiet', '--bare', bare);
  writeFileSync(path.join(bare, 'refs', 'heads', 'main.lock'), '');
  assert.equal(await hasBranch(bare), false);
});
