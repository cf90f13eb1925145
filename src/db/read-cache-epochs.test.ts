import assert from 'node:assert/strict';
import { test } from 'node:test';
import type pg from 'pg';
import { postgresReadCacheEpochs } from './read-cache-epochs.ts';

/** A pool whose queries the test answers by hand, in order. */
function manualPool() {
  const sent: ((epoch: number) => void)[] = [];
  const pool = {
    query: () => new Promise((resolve) => sent.push((epoch) => resolve({ rows: [{ kind: 'credentials', value: String(epoch) }] }))),
  } as unknown as pg.Pool;
  return { pool, sent };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('callers of the same tick share one epochs query', async () => {
  const { pool, sent } = manualPool();
  const read = postgresReadCacheEpochs(pool);
  const first = read();
  const second = read();
  await settle();
  assert.equal(sent.length, 1);
  sent[0]!(7);
  assert.deepEqual(await Promise.all([first, second]), [{ credentials: 7 }, { credentials: 7 }]);
});

test('a caller never gets the answer of a query sent before it asked', async () => {
  const { pool, sent } = manualPool();
  const read = postgresReadCacheEpochs(pool);
  const early = read();
  await settle();
  const late = read(); // asks while the first query is in flight
  await settle();
  assert.equal(sent.length, 1, 'no second query while one is in flight');
  sent[0]!(1); // the epoch before a change committed
  assert.deepEqual(await early, { credentials: 1 });
  await settle();
  assert.equal(sent.length, 2, 'the late caller gets a query of its own, sent after it asked');
  sent[1]!(2);
  assert.deepEqual(await late, { credentials: 2 });
});

test('a failed epoch query fails its callers and the next caller gets a fresh query', async () => {
  let calls = 0;
  const pool = {
    query: async () => {
      calls += 1;
      if (calls === 1) throw new Error('connection terminated');
      return { rows: [{ kind: 'credentials', value: '3' }] };
    },
  } as unknown as pg.Pool;
  const read = postgresReadCacheEpochs(pool);
  await assert.rejects(read(), /connection terminated/);
  assert.deepEqual(await read(), { credentials: 3 });
});
