import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { describe, test } from 'node:test';
import { selfSignedCertificate } from './certificate.ts';
import { libtrustKeyId } from './libtrust-key-id.ts';

describe('selfSignedCertificate', () => {
  test('is a certificate of the key pair, signed by it, with the given name and validity', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = selfSignedCertificate(privateKey, {
      commonName: 'token signing',
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2126-01-01T00:00:00Z'),
    });
    const certificate = new X509Certificate(pem);
    assert.equal(certificate.subject, 'CN=token signing');
    assert.equal(certificate.issuer, 'CN=token signing');
    assert.equal(new Date(certificate.validFrom).toISOString(), '2026-01-01T00:00:00.000Z');
    assert.equal(new Date(certificate.validTo).toISOString(), '2126-01-01T00:00:00.000Z');
    assert.equal(certificate.verify(createPublicKey(privateKey)), true);
    assert.equal(libtrustKeyId(certificate.publicKey), libtrustKeyId(createPublicKey(privateKey)));
    assert.equal(certificate.ca, false);
  });
});
