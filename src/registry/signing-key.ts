import { createPrivateKey, createPublicKey, generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createOnce } from '../instance-files.ts';
import { selfSignedCertificate } from './certificate.ts';
import { libtrustKeyId } from './libtrust-key-id.ts';

export interface RegistrySigningKey {
  privateKey: KeyObject;
  /** libtrust key id of the public key: the JWT header's `kid`. */
  kid: string;
  /** The certificate bundle Distribution verifies tokens with (`auth.token.rootcertbundle`). */
  certificateFile: string;
}

export interface RegistryFiles {
  dir: string;
  key: string;
  certificate: string;
  config: string;
  storage: string;
}

/** Where the registry's generated files live: `<data>/registry/`. */
export function registryFiles(dataDir: string): RegistryFiles {
  const dir = path.join(dataDir, 'registry');
  return {
    dir,
    key: path.join(dir, 'token-signing.key'),
    certificate: path.join(dir, 'token-signing.crt'),
    config: path.join(dir, 'config.yml'),
    storage: path.join(dir, 'storage'),
  };
}

/**
 * The RSA key pair that signs registry tokens and its self-signed certificate, generated once
 * into the data dir (the key with mode 0600) and read back on every later call. Nodes that share
 * the data dir share the key.
 */
export function loadOrCreateRegistrySigningKey(dataDir: string): RegistrySigningKey {
  const files = registryFiles(dataDir);
  mkdirSync(files.dir, { recursive: true, mode: 0o700 });
  let pem: string;
  try {
    pem = readFileSync(files.key, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    createOnce(files.key, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, 0o600);
    pem = readFileSync(files.key, 'utf8');
  }
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  const kid = libtrustKeyId(publicKey);
  let certificateMatches = false;
  try {
    certificateMatches = libtrustKeyId(new X509Certificate(readFileSync(files.certificate)).publicKey) === kid;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (!certificateMatches) {
    const now = new Date();
    const certificate = selfSignedCertificate(privateKey, {
      commonName: 'latchkey registry token signing',
      notBefore: new Date(now.getTime() - 24 * 3600 * 1000),
      notAfter: new Date(now.getTime() + 100 * 365 * 24 * 3600 * 1000),
    });
    // A certificate of another key (the key file was replaced) is replaced too.
    rmSync(files.certificate, { force: true });
    createOnce(files.certificate, certificate, 0o644);
  }
  return { privateKey, kid, certificateFile: files.certificate };
}
