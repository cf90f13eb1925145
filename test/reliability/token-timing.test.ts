import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/** A well-formed token (valid checksum) with the given body, so it reaches the database lookup. */
function wellFormed(body: string): string {
  return body + crc32(body).toString(36).padStart(7, '0');
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)]!;
}

for (const dialect of DIALECTS) {
  describe(`token lookup timing (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
    });
    after(() => t.close());

    // Lookup is by a keyed digest of the whole token, so a near-miss and a stranger cost the same.
    // Measured interleaved, many times, compared by median: noise hits both sides alike.
    test('GET /user answers an unknown token that shares all but one character with a real one as fast as a random one', async (context) => {
      const real = t.rootToken;
      const body = real.slice(0, -7);
      const nearMiss = wellFormed(`${body.slice(0, -1)}${body.at(-1) === 'A' ? 'B' : 'A'}`);
      const stranger = () => wellFormed(`glpat-${randomBytes(16).toString('base64url').slice(0, 22)}`);
      const near: number[] = [];
      const far: number[] = [];
      for (let i = 0; i < 400; i++) {
        for (const [token, sink] of i % 2 === 0 ? ([[nearMiss, near], [stranger(), far]] as const) : ([[stranger(), far], [nearMiss, near]] as const)) {
          const start = process.hrtime.bigint();
          const res = await t.api('GET', '/user', { token });
          (sink as number[]).push(Number(process.hrtime.bigint() - start));
          assert.equal(res.status, 401);
        }
      }
      const ratio = median(near) / median(far);
      context.diagnostic(`near-miss/random median time ratio ${ratio.toFixed(3)} (${(median(near) / 1e6).toFixed(3)} ms / ${(median(far) / 1e6).toFixed(3)} ms)`);
      assert.ok(ratio > 0.75 && ratio < 1.33, `near-miss/random median time ratio ${ratio.toFixed(2)}`);
    });
  });
}
