import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { isValidBranchName } from './ref-name.ts';

const gitAccepts = (name: string): boolean => {
  try {
    execFileSync('git', ['check-ref-format', '--branch', name], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
};

describe('isValidBranchName', () => {
  const valid = ['main', 'feature/x', 'release-1.2', 'v1.0', 'a/b/c', 'ünï', 'fix_#12', 'x@y'];
  const invalid = ['', 'a..b', 'a b', 'a~1', 'a^', 'a:b', 'a?', 'a*', 'a[b', 'a\\b', '/a', 'a/', 'a//b', '.a', 'a/.b', 'a.lock', 'a/b.lock/c', 'a.', 'a@{1}', 'a\u0000b', 'a\nb', 'a\u007f'];

  test('agrees with git check-ref-format --branch', () => {
    for (const name of valid) assert.equal(isValidBranchName(name), true, name);
    for (const name of invalid) {
      assert.equal(isValidBranchName(name), false, JSON.stringify(name));
      if (!name.includes('\u0000')) assert.equal(gitAccepts(name), false, `git also refuses ${JSON.stringify(name)}`);
    }
    for (const name of valid) assert.equal(gitAccepts(name), true, `git also accepts ${name}`);
  });

  test('refuses what git would read as an option, HEAD, @ and full ref names', () => {
    for (const name of ['-f', '--force', 'HEAD', '@', 'refs/heads/main']) assert.equal(isValidBranchName(name), false, name);
  });
});
