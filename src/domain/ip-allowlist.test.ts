import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ipAllowed, normalizeAllowedIp } from './ip-allowlist.ts';

describe('normalizeAllowedIp', () => {
  test('addresses and CIDR ranges of both families are kept in canonical form', () => {
    assert.equal(normalizeAllowedIp('127.0.0.1'), '127.0.0.1');
    assert.equal(normalizeAllowedIp(' 10.0.0.0/8 '), '10.0.0.0/8');
    assert.equal(normalizeAllowedIp('10.0.0.0/08'), '10.0.0.0/8');
    assert.equal(normalizeAllowedIp('2001:DB8:0:0:0:0:0:1'), '2001:db8::1');
    assert.equal(normalizeAllowedIp('2001:db8::/32'), '2001:db8::/32');
    assert.equal(normalizeAllowedIp('::1/128'), '::1/128');
    assert.equal(normalizeAllowedIp('0.0.0.0/0'), '0.0.0.0/0');
  });

  test('host names, bad prefixes and odd IPv4 spellings are refused', () => {
    for (const bad of ['', 'localhost', '10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/x', '1.2.3', '010.0.0.1', '10.0.0.0/8/8', '1.2.3.4/-1', '[::1]']) {
      assert.equal(normalizeAllowedIp(bad), null, bad);
    }
  });
});

describe('ipAllowed', () => {
  test('no list: any address, even an unknown one', () => {
    assert.equal(ipAllowed(null, '203.0.113.9'), true);
    assert.equal(ipAllowed(null, null), true);
  });

  test('an address matches itself and the ranges that hold it, nothing else', () => {
    const list = ['127.0.0.1', '10.1.0.0/16', '2001:db8::/32'];
    assert.equal(ipAllowed(list, '127.0.0.1'), true);
    assert.equal(ipAllowed(list, '127.0.0.2'), false);
    assert.equal(ipAllowed(list, '10.1.200.3'), true);
    assert.equal(ipAllowed(list, '10.2.0.1'), false);
    assert.equal(ipAllowed(list, '2001:db8:1::5'), true);
    assert.equal(ipAllowed(list, '2001:db9::5'), false);
  });

  test('an IPv4-mapped IPv6 client matches the IPv4 entry', () => {
    assert.equal(ipAllowed(['127.0.0.2/32'], '::ffff:127.0.0.2'), true);
    assert.equal(ipAllowed(['127.0.0.2'], '::ffff:127.0.0.2'), true);
    assert.equal(ipAllowed(['127.0.0.2/32'], '::ffff:127.0.0.3'), false);
  });

  test('an unknown or malformed client address is refused by any list', () => {
    assert.equal(ipAllowed(['0.0.0.0/0'], null), false);
    assert.equal(ipAllowed(['0.0.0.0/0'], 'not-an-address'), false);
    assert.equal(ipAllowed([], '127.0.0.1'), false);
  });
});
