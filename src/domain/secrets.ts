import { createHmac, timingSafeEqual } from 'node:crypto';

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
