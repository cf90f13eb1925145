import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isValidTagName } from './tags.ts';

describe('isValidTagName', () => {
  test('accepts what git check-ref-format accepts for a tag', () => {
    for (const name of ['v1.0.0', 'release/2026-12', 'v7.0.1', 'a', 'v1@2', 'ünïcode']) assert.equal(isValidTagName(name), true, name);
  });

  test('refuses what git or GitLab refuse, and anything git could read as an option', () => {
    for (const name of ['', 'new design', 'a..b', 'a~1', 'a^', 'a:b', 'a?', 'a*', 'a[', 'a\\b', '.hidden', 'x/.y', 'a.lock', 'a/b.lock/c',
      '/a', 'a/', 'a//b', 'a.', '@', 'a@{1}', 'HEAD', '-d', '--force', 'refs/heads/x', 'tab\tname', 'nul\0', 'x'.repeat(256)]) {
      assert.equal(isValidTagName(name), false, JSON.stringify(name));
    }
  });
});
