import { hasValidTokenShape } from './token-format.ts';

/** A token's body after its prefix: 22 url-safe random characters, then 7 base36 of its CRC32 (token-format.ts). */
const BODY_LENGTH = 29;
const BODY = '[A-Za-z0-9_-]{22}[0-9a-z]{7}';
const TOKEN_CHAR = '[A-Za-z0-9_-]';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

/**
 * Finds the tokens of this instance's format in a stream of bytes (one file's content, in chunks
 * of any size), for push protection: a candidate is the configured prefix followed by the token
 * body, with a valid checksum; the caller then asks whether any is an active token.
 *
 * With an empty prefix, any 29-character run of token characters could be a token: only a whole
 * run of exactly 29 (no token character on either side) with a valid checksum is a candidate, so
 * a long identifier or base64 text is not tried at every offset. With a prefix, the body may be
 * followed by anything (the token is leaked all the same).
 *
 * Bytes are read as Latin-1 (one character each): text in any ASCII-compatible encoding, and
 * binary files, are scanned alike. Memory is bounded: only the last prefix + 29 bytes of a chunk
 * (30 without a prefix) are carried into the next, so a token split across chunks is still found.
 */
export class TokenScanner {
  private readonly pattern: RegExp;
  private readonly carryLength: number;
  private carry = '';
  private atStart = true;
  private readonly found = new Set<string>();

  constructor(private readonly prefix: string) {
    this.pattern =
      prefix === '' ? new RegExp(`(?<!${TOKEN_CHAR})${BODY}(?!${TOKEN_CHAR})`, 'g') : new RegExp(`${escapeRegExp(prefix)}${BODY}`, 'g');
    // Enough to hold a match that the end of a chunk cut (and, without a prefix, the character before it).
    this.carryLength = prefix === '' ? BODY_LENGTH + 1 : prefix.length + BODY_LENGTH;
  }

  /** Scans the next chunk; returns the candidates first seen in it. */
  push(chunk: Uint8Array): string[] {
    return this.scan(this.carry + Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1'), false);
  }

  /** The content has ended: returns the candidates that needed its end to be sure of (an unprefixed token at the very end). */
  end(): string[] {
    const found = this.scan(this.carry, true);
    this.carry = '';
    this.atStart = true;
    this.found.clear();
    return found;
  }

  private scan(text: string, final: boolean): string[] {
    const fresh: string[] = [];
    this.pattern.lastIndex = 0;
    for (let match = this.pattern.exec(text); match !== null; match = this.pattern.exec(text)) {
      const token = match[0];
      if (this.prefix === '') {
        // The start of the text is a boundary only at the start of the content; its end only at the end.
        if (match.index === 0 && !this.atStart) continue;
        if (match.index + token.length === text.length && !final) continue;
      }
      if (this.found.has(token) || !hasValidTokenShape(token)) continue;
      this.found.add(token);
      fresh.push(token);
    }
    this.carry = text.slice(Math.max(0, text.length - this.carryLength));
    if (text.length > this.carryLength) this.atStart = false;
    return fresh;
  }
}

/** All the candidates in one whole content (an API write's file, already in memory). */
export function findTokenCandidates(prefix: string, content: Uint8Array): string[] {
  const scanner = new TokenScanner(prefix);
  return [...scanner.push(content), ...scanner.end()];
}
