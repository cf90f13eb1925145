import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../domain/errors.ts';
import { checkedTokenLimits, isValidRefPattern } from './token-limit-rules.ts';

test('ref patterns are full refs, valid apart from their wildcards', () => {
  for (const good of ['refs/heads/main', 'refs/heads/renovate/*', 'refs/tags/v*', 'refs/heads/*/fix-*']) assert.equal(isValidRefPattern(good), true, good);
  for (const bad of ['main', 'heads/main', 'refs/heads/a..b', 'refs/heads/x.lock', 'refs/heads/ sp', 'refs/heads/', 'refs/heads/a:b', 'refs/heads/.x']) {
    assert.equal(isValidRefPattern(bad), false, bad);
  }
});

test('limits are normalized, deduplicated, and an empty list lifts the limit', () => {
  assert.deepEqual(checkedTokenLimits({ allowedIps: [' 10.0.0.0/08', '10.0.0.0/8', '2001:DB8::1'] }), { allowed_ips: '["10.0.0.0/8","2001:db8::1"]' });
  assert.deepEqual(checkedTokenLimits({ allowedIps: [], allowedRefs: null }), { allowed_ips: null, allowed_refs: null });
  assert.deepEqual(checkedTokenLimits({}), {});
});

test('a bad entry or too many are field errors naming the field', () => {
  const errorOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return error as AppError;
    }
    assert.fail('expected a refusal');
  };
  const ip = errorOf(() => checkedTokenLimits({ allowedIps: ['127.0.0.1', 'example.com'] }));
  assert.deepEqual(ip.details.errors, { allowed_ips: ['has an entry that is not an IP address or CIDR range: example.com'] });
  const many = errorOf(() => checkedTokenLimits({ allowedRefs: Array.from({ length: 33 }, (_, i) => `refs/heads/b${i}`) }));
  assert.deepEqual(many.details.errors, { allowed_refs: ['is too long (maximum is 32 entries)'] });
});
