import { createHmac, randomBytes } from 'node:crypto';

/**
 * Web session ids and CSRF tokens: 256 random bits, URL-safe. Only a keyed digest of a session id
 * is stored, so a copy of the sessions table signs no one in.
 */
export const SESSION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

const SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function generateSessionSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hasSessionSecretShape(value: string): boolean {
  return SHAPE.test(value);
}

export function sessionDigest(secret: string, sessionId: string): string {
  return createHmac('sha256', secret).update(`session:${sessionId}`).digest('hex');
}
