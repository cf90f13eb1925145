import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import type { TokenActivityEntry } from '../domain/token-activity.ts';
import { TokenActivityBuffer, type TokenActivityWriter } from './token-activity-buffer.ts';

/** A writer whose inserts wait until `release()`: the rows that reach it are what was written. */
function slowDatabase() {
  const written: TokenActivityEntry[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const db: TokenActivityWriter = async (batch) => {
    await gate;
    written.push(...batch);
  };
  return { db, written, release };
}

const entry = (n: number) => ({ tokenId: 1, at: `2026-12-02T00:00:00.${String(n).padStart(3, '0')}Z`, transport: 'api' as const, action: `use ${n}`, status: 200, ip: null, userAgent: null });

test('while inserts are stuck, the buffer holds at most maxEntries uses, waiting batches included; later uses are dropped', async () => {
  const { db, written, release } = slowDatabase();
  const buffer = new TokenActivityBuffer(db, pino({ level: 'silent' }), { batchSize: 10, maxEntries: 30, intervalMs: 60_000 });
  for (let n = 0; n < 100; n++) buffer.record(entry(n));
  release();
  await buffer.close();
  assert.equal(written.length, 30);
  assert.deepEqual(
    written.map((row) => row.action),
    Array.from({ length: 30 }, (_, i) => `use ${i}`),
    'the batches already waiting are written; what came after the bound was reached is dropped',
  );
});
