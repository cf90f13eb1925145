import assert from 'node:assert/strict';
import { test } from 'node:test';
import { refOutsideTokenScope } from './token-ref-policies.ts';

test('no limit: every ref may be updated', () => {
  assert.equal(refOutsideTokenScope(null, ['refs/heads/main', 'refs/tags/v1']), null);
});

test('a limited token may update only the refs its patterns match, and the first other one is named', () => {
  const allowed = ['refs/heads/renovate/*', 'refs/tags/v*'];
  assert.equal(refOutsideTokenScope(allowed, ['refs/heads/renovate/lodash-4.x', 'refs/tags/v1.2.3']), null);
  assert.equal(refOutsideTokenScope(allowed, ['refs/heads/renovate/a', 'refs/heads/main', 'refs/heads/dev']), 'refs/heads/main');
  assert.equal(refOutsideTokenScope(allowed, ['refs/tags/release-1']), 'refs/tags/release-1');
  // A pattern names full refs: a branch called like a tag pattern is another ref.
  assert.equal(refOutsideTokenScope(allowed, ['refs/heads/v1']), 'refs/heads/v1');
  assert.equal(refOutsideTokenScope(['refs/heads/main'], ['refs/heads/main']), null);
  assert.equal(refOutsideTokenScope(['refs/heads/main'], ['refs/heads/main2']), 'refs/heads/main2');
});
