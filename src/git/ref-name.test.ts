import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isSafeRevision, isValidBranchName, isValidRefName } from './ref-name.ts';

describe('ref names', () => {
  test('isValidRefName accepts what git check-ref-format accepts', () => {
    for (const name of ['main', 'feature/x', 'v1.0.0', 'release-2026', 'a/b/c', 'ünïcode', 'x@y', 'a.b']) assert.equal(isValidRefName(name), true, name);
  });

  test('isValidRefName refuses what git refuses', () => {
    for (const name of ['', '@', 'a..b', 'a b', 'a~1', 'a^', 'a:b', 'a?', 'a*', 'a[b', 'a\\b', 'a/', '/a', 'a//b', 'a.', '.a', 'a/.b', 'a.lock', 'a/b.lock/c', 'a@{1}', 'a\u0000b', 'a\u007fb', 'x'.repeat(256)]) {
      assert.equal(isValidRefName(name), false, JSON.stringify(name));
    }
  });

  test('isValidBranchName also refuses HEAD, a leading dash, ref prefixes and commit ids', () => {
    for (const name of ['HEAD', '-x', '--output=/tmp/x', 'refs/heads/main', 'refs/tags/v1', 'a'.repeat(40), 'ab'.repeat(32)]) assert.equal(isValidBranchName(name), false, name);
    assert.equal(isValidBranchName('feature/HEAD-x'), true);
  });

  test('isSafeRevision refuses what git could read as an option or a path', () => {
    for (const revision of ['main', 'v1.0', 'main~2', 'HEAD^', 'feature/x', 'abc123']) assert.equal(isSafeRevision(revision), true, revision);
    for (const revision of ['', '-x', '--all', 'a b', 'main:README.md', 'a\nb', 'x'.repeat(1025)]) assert.equal(isSafeRevision(revision), false, revision);
  });
});
