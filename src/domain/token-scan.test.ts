import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateToken } from './token-format.ts';
import { findTokenCandidates, TokenScanner } from './token-scan.ts';

const bytes = (text: string) => Buffer.from(text, 'latin1');

/** Feeds `text` to a scanner in chunks of `size` bytes; returns every candidate it reported. */
function scanInChunks(prefix: string, text: string, size: number): string[] {
  const scanner = new TokenScanner(prefix);
  const found: string[] = [];
  const all = bytes(text);
  for (let at = 0; at < all.length; at += size) found.push(...scanner.push(all.subarray(at, at + size)));
  return [...found, ...scanner.end()];
}

/** A token-shaped string whose checksum is wrong. */
function badChecksum(token: string): string {
  const last = token.at(-1) === '0' ? '1' : '0';
  return token.slice(0, -1) + last;
}

test('a token with the configured prefix is found in text, once however often it appears', () => {
  const token = generateToken('glpat-');
  const text = `export GITLAB_TOKEN=${token}\n# again: "${token}"\n`;
  assert.deepEqual(findTokenCandidates('glpat-', bytes(text)), [token]);
});

test('a token-shaped string with a bad checksum, another prefix or a short body is no candidate', () => {
  const token = generateToken('glpat-');
  const text = [badChecksum(token), generateToken('other-'), token.slice(0, -2), 'glpat-' + 'x'.repeat(29)].join('\n');
  assert.deepEqual(findTokenCandidates('glpat-', bytes(text)), []);
});

test('a token split across chunk boundaries is found at every split point, and reported once', () => {
  const token = generateToken('glpat-');
  const text = `${'a'.repeat(100)} ${token} ${'b'.repeat(100)}`;
  for (const size of [1, 2, 7, 29, 30, 35, 64, 101, 110, 4096]) {
    assert.deepEqual(scanInChunks('glpat-', text, size), [token], `chunks of ${size} bytes`);
  }
});

test('tokens in binary content (between NUL and high bytes) are found', () => {
  const token = generateToken('lk_');
  const content = Buffer.concat([Buffer.from([0, 0xff, 0x89, 0x50]), bytes(token), Buffer.from([0, 0xfe])]);
  assert.deepEqual(findTokenCandidates('lk_', content), [token]);
});

test('with an empty prefix, only a whole run of exactly 29 token characters with a valid checksum is a candidate', () => {
  const token = generateToken('');
  assert.deepEqual(findTokenCandidates('', bytes(`token: ${token}\n`)), [token]);
  assert.deepEqual(findTokenCandidates('', bytes(token)), [token], 'the whole content');
  assert.deepEqual(findTokenCandidates('', bytes(`x${token}`)), [], 'a longer run (token characters before it)');
  assert.deepEqual(findTokenCandidates('', bytes(`${token}-`)), [], 'a longer run (token characters after it)');
  assert.deepEqual(findTokenCandidates('', bytes(`"${badChecksum(token)}"`)), []);
  for (const size of [1, 3, 29, 30, 31, 50]) {
    assert.deepEqual(scanInChunks('', `${'='.repeat(40)}${token}`, size), [token], `at the end, chunks of ${size}`);
    assert.deepEqual(scanInChunks('', `${'='.repeat(40)}${token}=`, size), [token], `before a boundary, chunks of ${size}`);
    assert.deepEqual(scanInChunks('', `${'a'.repeat(40)}${token}`, size), [], `inside a longer run, chunks of ${size}`);
    assert.deepEqual(scanInChunks('', `${token}${'a'.repeat(40)}`, size), [], `at the start of a longer run, chunks of ${size}`);
  }
});

test('a scanner is reused for the next content after end(): each reports its own candidates', () => {
  const token = generateToken('glpat-');
  const scanner = new TokenScanner('glpat-');
  assert.deepEqual([...scanner.push(bytes(`a ${token.slice(0, 10)}`)), ...scanner.end()], []);
  assert.deepEqual([...scanner.push(bytes(`${token.slice(10)} b`)), ...scanner.end()], [], 'no token spans two contents');
  assert.deepEqual([...scanner.push(bytes(token)), ...scanner.end()], [token]);
  assert.deepEqual([...scanner.push(bytes(token)), ...scanner.end()], [token], 'found again in the next content');
});
