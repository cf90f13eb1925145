import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import { libtrustKeyId } from './libtrust-key-id.ts';

// Expected value computed independently:
//   openssl pkey -pubin -outform DER | sha256sum | cut -c1-60 | xxd -r -p | base32
const PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEW68e2AGoL2kPItwLw6cCQU+Gjnpq
1NB3YK8lcx9+M/KLqpoe5qc8lO43x7efvP6H4rzgk681ggEMzXn+4V+/lg==
-----END PUBLIC KEY-----
`;

describe('libtrustKeyId', () => {
  test('is base32 of the first 30 bytes of SHA-256 over the DER public key, in groups of 4 joined by ":"', () => {
    assert.equal(libtrustKeyId(createPublicKey(PUBLIC_KEY)), 'JPSK:JR3O:FF65:MYYK:F4JE:7O7Z:7GYS:ZZM3:MZDP:2HQU:UNDH:T7J5');
  });

  test('gives 12 groups of 4 base32 characters for an RSA key, the same for its private and public halves', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = libtrustKeyId(publicKey);
    assert.match(kid, /^[A-Z2-7]{4}(?::[A-Z2-7]{4}){11}$/);
    assert.equal(libtrustKeyId(createPublicKey(privateKey)), kid);
  });
});
