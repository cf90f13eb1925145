import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Constant-time comparison of a presented secret (CSRF token, shared secret) with the expected
 * one. Both are hashed first, so neither the content nor the length leaks through timing.
 */
export function sameSecret(presented: string, expected: string): boolean {
  const a = createHmac('sha256', 'latchkey compare').update(presented).digest();
  const b = createHmac('sha256', 'latchkey compare').update(expected).digest();
  return timingSafeEqual(a, b) && presented === expected;
}

/**
 * The shared secret the registry sends in the Authorization header of its notifications. Derived
 * from the instance secret, so every node (and every `latchkey registry config`) agrees on it.
 */
export function registryNotificationSecret(instanceSecret: string): string {
  return createHmac('sha256', instanceSecret).update('latchkey registry notifications').digest('base64url');
}

/**
 * A secret the instance must send later (a webhook's token), sealed for storage with AES-256-GCM
 * under a key derived from the instance secret: `v1.<iv>.<tag>.<ciphertext>`, base64url parts.
 */
export function sealSecret(instanceSecret: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(instanceSecret), iv);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

/** The plain text of a sealed secret; throws when it was not sealed under this instance secret. */
export function openSealedSecret(instanceSecret: string, sealed: string): string {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== 'v1' || iv === undefined || tag === undefined || data === undefined) throw new Error('not a sealed secret');
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(instanceSecret), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}

function sealingKey(instanceSecret: string): Buffer {
  return createHmac('sha256', instanceSecret).update('latchkey sealed secrets v1').digest();
}
