import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The shared secret the registry sends in the Authorization header of its notifications. Derived
 * from the instance secret, so every node (and every `latchkey registry config`) agrees on it.
 */
export function registryNotificationSecret(instanceSecret: string): string {
  return createHmac('sha256', instanceSecret).update('latchkey registry notifications').digest('base64url');
}

/** Constant-time comparison of a presented secret with the expected one. */
export function secretsMatch(presented: string, expected: string): boolean {
  const a = createHmac('sha256', 'compare').update(presented).digest();
  const b = createHmac('sha256', 'compare').update(expected).digest();
  return timingSafeEqual(a, b) && presented.length === expected.length;
}
