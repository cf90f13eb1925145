import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPublicAddress } from './ip-address.ts';

test('isPublicAddress: public IPv4 and IPv6 addresses pass', () => {
  for (const address of ['8.8.8.8', '1.1.1.1', '93.184.216.34', '2606:4700:4700::1111', '[2a00:1450:4001:82a::200e]', '::ffff:8.8.8.8']) {
    assert.equal(isPublicAddress(address), true, address);
  }
});

test('isPublicAddress: loopback, private, CGNAT, link-local, metadata, this-network, ULA, mapped and NAT64 forms are refused', () => {
  for (const address of [
    '127.0.0.1', '127.8.9.10', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1', '100.127.255.254',
    '169.254.169.254', '0.0.0.0', '0.1.2.3', '224.0.0.1', '255.255.255.255', '198.18.0.1',
    '::1', '::', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'fe80::1%eth0', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1',
    '::ffff:169.254.169.254', '64:ff9b::a9fe:a9fe', '::127.0.0.1', 'ff02::1',
    'localhost', 'not an address', '',
  ]) {
    assert.equal(isPublicAddress(address), false, address);
  }
  assert.equal(isPublicAddress('172.32.0.1'), true);
  assert.equal(isPublicAddress('100.128.0.1'), true);
});
