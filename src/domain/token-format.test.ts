import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { generateToken, hasValidTokenShape, tokenDigest } from './token-format.ts';

test('tokenDigest is HMAC-SHA256 of the token under the instance secret, whichever secret comes', () => {
  const token = generateToken('glpat-');
  for (const secret of ['first secret', 'second secret ünïcode', 'first secret']) {
    assert.equal(tokenDigest(secret, token), createHmac('sha256', secret).update(token).digest('hex'));
  }
});

test('a token passes the shape check; one changed character fails its checksum', () => {
  const token = generateToken('glpat-');
  assert.ok(hasValidTokenShape(token));
  const index = token.length - 10;
  const changed = token.slice(0, index) + (token[index] === 'a' ? 'b' : 'a') + token.slice(index + 1);
  assert.equal(hasValidTokenShape(changed), false);
});
