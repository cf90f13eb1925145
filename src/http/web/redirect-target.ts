const ORIGIN = 'http://latchkey.invalid';
const MAX_LENGTH = 2048;
/** Printable ASCII but the backslash: anything else (controls, spaces, Unicode) a browser may rewrite. */
const PLAIN = /^[\x21-\x5b\x5d-\x7e]*$/;

function decoded(target: string): string | null {
  try {
    return decodeURIComponent(target);
  } catch {
    return null;
  }
}

/**
 * Where to send a browser after sign-in (`redirect_to`): a same-origin absolute path, or `/`.
 * Refused: another scheme or host (`http://x`, `javascript:`), a protocol-relative `//x` (also
 * when it only becomes one once a browser strips a tab or newline, reads `\` as `/`, removes dot
 * segments, or a %-escape is decoded), and any control character, space, backslash or non-ASCII
 * character, which a browser may rewrite and a response header may not carry.
 */
export function redirectTarget(value: unknown): string {
  const target = Array.isArray(value) ? value[0] : value;
  if (typeof target !== 'string' || target.length === 0 || target.length > MAX_LENGTH) return '/';
  if (!target.startsWith('/') || target.startsWith('//') || !PLAIN.test(target)) return '/';
  const plain = decoded(target);
  if (plain === null || plain.startsWith('//') || /[\x00-\x1f\x7f\\]/.test(plain)) return '/';
  let resolved: URL;
  try {
    resolved = new URL(target, ORIGIN);
  } catch {
    return '/';
  }
  if (resolved.origin !== ORIGIN || resolved.pathname.startsWith('//')) return '/';
  return target;
}
