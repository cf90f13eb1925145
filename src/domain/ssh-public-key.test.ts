import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { parseSshPublicKey } from './ssh-public-key.ts';

const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILiCq5EmCBzjBfW3bB9bohpE0SHZh371zpA1Hk7dTMkl alice@example.com';

function sshString(value: Buffer | string): Buffer {
  const data = typeof value === 'string' ? Buffer.from(value) : value;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, data]);
}

test('parseSshPublicKey reads an ed25519 key, drops the comment, and fingerprints it like ssh-keygen -l', () => {
  const key = parseSshPublicKey(`  ${ED25519}\n`);
  assert.ok(key);
  assert.equal(key.type, 'ssh-ed25519');
  assert.equal(key.normalized, ED25519.split(' ').slice(0, 2).join(' '));
  assert.equal(key.fingerprint, 'SHA256:5OTbnPSs1meA9nVYpN13gtnrLb4q/DadEff0QW5HWUI');
});

test('parseSshPublicKey reads RSA (2048 bits) and ECDSA P-256 keys', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
  const mpint = (b64: string) => {
    const raw = Buffer.from(b64, 'base64url');
    return raw[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), raw]) : raw;
  };
  const rsaBlob = Buffer.concat([sshString('ssh-rsa'), sshString(mpint(rsa.e!)), sshString(mpint(rsa.n!))]);
  assert.equal(parseSshPublicKey(`ssh-rsa ${rsaBlob.toString('base64')} me`)?.type, 'ssh-rsa');

  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(ec.x!, 'base64url'), Buffer.from(ec.y!, 'base64url')]);
  const ecBlob = Buffer.concat([sshString('ecdsa-sha2-nistp256'), sshString('nistp256'), sshString(point)]);
  assert.equal(parseSshPublicKey(`ecdsa-sha2-nistp256 ${ecBlob.toString('base64')}`)?.type, 'ecdsa-sha2-nistp256');
});

test('parseSshPublicKey refuses malformed, truncated, mislabelled, multi-line, private and unsupported keys', () => {
  const blob = ED25519.split(' ')[1]!;
  for (const text of [
    '',
    'ssh-ed25519',
    `ssh-ed25519 ${blob.slice(0, -4)}`,
    `ssh-rsa ${blob}`,
    `ssh-dss ${blob}`,
    `ssh-ed25519 ${blob}!`,
    `ssh-ed25519 ${blob}\nssh-ed25519 ${blob}`,
    `ssh-ed25519 ${Buffer.concat([Buffer.from(blob, 'base64'), Buffer.from([0])]).toString('base64')}`,
    '-----BEGIN OPENSSH PRIVATE KEY-----',
    `ssh-ed25519 ${'A'.repeat(20_000)}`,
  ]) {
    assert.equal(parseSshPublicKey(text), null, text.slice(0, 60));
  }
});
