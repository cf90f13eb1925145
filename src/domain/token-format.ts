import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * Token strings: `<prefix><22 url-safe random chars (128 bits)><7 base36 chars of CRC32>`.
 * The checksum lets a mistyped or forged token be refused before any database read.
 */
const RANDOM_LENGTH = 22;
const CHECKSUM_LENGTH = 7;
const MAX_TOKEN_LENGTH = 128;
// No captures: on every authenticated request, a capturing (lazy) version cost ten times as much.
const SHAPE = /^[A-Za-z0-9_.-]{0,64}[A-Za-z0-9_-]{22}[0-9a-z]{7}$/;

function checksum(body: string): string {
  return crc32(body).toString(36).padStart(CHECKSUM_LENGTH, '0');
}

export function generateToken(prefix: string): string {
  const body = prefix + randomBytes(16).toString('base64url').slice(0, RANDOM_LENGTH);
  return body + checksum(body);
}

/**
 * Could this be a token at all, of any instance or prefix (the characters and length a token may
 * have)? Less than `hasValidTokenShape`: no checksum or layout, so a report of a mistyped or
 * foreign token is answered like any other, and only text no token could be is refused.
 */
export function looksLikeToken(text: string): boolean {
  return text.length >= RANDOM_LENGTH + CHECKSUM_LENGTH && text.length <= MAX_TOKEN_LENGTH && /^[A-Za-z0-9_.-]+$/.test(text);
}

export function hasValidTokenShape(token: string): boolean {
  if (token.length > MAX_TOKEN_LENGTH) return false;
  if (!SHAPE.test(token)) return false;
  const body = token.slice(0, token.length - CHECKSUM_LENGTH);
  return checksum(body) === token.slice(body.length);
}

// HMAC with a prepared KeyObject costs about a third less than with the secret string, on the
// path of every authenticated request. One instance secret per process, so one key is kept.
let preparedKey: { secret: string; key: KeyObject } | undefined;

/** The only form of a token that is ever stored: HMAC-SHA256 under the instance secret. */
export function tokenDigest(secret: string, token: string): string {
  if (preparedKey?.secret !== secret) preparedKey = { secret, key: createSecretKey(Buffer.from(secret)) };
  return createHmac('sha256', preparedKey.key).update(token).digest('hex');
}
