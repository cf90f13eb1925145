import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ipVersionOf, isLocalHost, isPublicAddress, rateLimitSubject } from './ip-address.ts';

describe('isPublicAddress', () => {
  test('refuses loopback, private, link-local, shared, reserved and multicast IPv4', () => {
    for (const address of ['0.0.0.0', '127.0.0.1', '127.255.255.254', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '224.0.0.1', '255.255.255.255', '198.18.0.1', '192.0.2.5']) {
      assert.equal(isPublicAddress(address), false, address);
    }
  });

  test('refuses loopback, unique local, link-local, multicast and IPv4-carrying IPv6', () => {
    for (const address of ['::', '::1', '[::1]', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'fe80::1%eth0', 'ff02::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '64:ff9b::a9fe:a9fe', '2002:7f00:1::', '::127.0.0.1', '2001:db8::1']) {
      assert.equal(isPublicAddress(address), false, address);
    }
  });

  test('accepts public unicast addresses', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '[2a00:1450:4001:80b::200e]', '::ffff:8.8.8.8', '2002:808:808::']) {
      assert.equal(isPublicAddress(address), true, address);
    }
  });

  test('a host name is not an address, so not public', () => {
    assert.equal(isPublicAddress('example.com'), false);
    assert.equal(isPublicAddress(''), false);
  });
});

describe('isLocalHost', () => {
  test('names this machine or a private network before any DNS', () => {
    for (const host of ['localhost', 'LOCALHOST.', 'api.localhost', '127.0.0.1', '[::1]', '10.0.0.8', '[::ffff:192.168.0.1]']) {
      assert.equal(isLocalHost(host), true, host);
    }
    for (const host of ['example.com', '8.8.8.8', '[2606:4700:4700::1111]', 'localhost.example.com']) {
      assert.equal(isLocalHost(host), false, host);
    }
  });

  test('ipVersionOf tells literals from names', () => {
    assert.equal(ipVersionOf('1.2.3.4'), 4);
    assert.equal(ipVersionOf('[::1]'), 6);
    assert.equal(ipVersionOf('example.com'), null);
  });
});

// review-sec: one IPv6 host holds a whole /64, so a per-address limit keyed on the full address was no limit.
test('a rate limit counts an IPv6 client by its /64, an IPv4-mapped client as its IPv4 address', () => {
  assert.equal(rateLimitSubject('203.0.113.7'), '203.0.113.7');
  assert.equal(rateLimitSubject('::ffff:203.0.113.7'), '203.0.113.7');
  assert.equal(rateLimitSubject('2001:db8:1:2::1'), '2001:db8:1:2::/64');
  assert.equal(rateLimitSubject('2001:db8:1:2:ffff:eeee:dddd:cccc'), '2001:db8:1:2::/64');
  assert.equal(rateLimitSubject('2001:DB8:1:2:0:0:0:9'), '2001:db8:1:2::/64');
  assert.notEqual(rateLimitSubject('2001:db8:1:3::1'), rateLimitSubject('2001:db8:1:2::1'));
  assert.equal(rateLimitSubject('not an address'), 'not an address');
});
