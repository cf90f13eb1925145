import assert from 'node:assert/strict';
import { test } from 'node:test';
import type pg from 'pg';
import { postgresReadCacheEpochs } from './read-cache-epochs.ts';

/** A pool whose queries the test answers by hand, in order. */
const position = { kind: 'scoped', value: '4', scope: null };
const epochs = (credentials: number) => ({ kinds: { credentials }, position: 4, changes: [] });

function manualPool() {
  const sent: ((epoch: number) => void)[] = [];
  const since: number[] = [];
  const pool = {
    query: (query: { values: unknown[] }) =>
      new Promise((resolve) => {
        since.push(query.values[0] as number);
        sent.push((epoch) => resolve({ rows: [position, { kind: 'credentials', value: String(epoch), scope: null }] }));
      }),
  } as unknown as pg.Pool;
  return { pool, sent, since };
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
  assert.deepEqual(await Promise.all([first, second]), [epochs(7), epochs(7)]);
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
  assert.deepEqual(await early, epochs(1));
  await settle();
  assert.equal(sent.length, 2, 'the late caller gets a query of its own, sent after it asked');
  sent[1]!(2);
  assert.deepEqual(await late, epochs(2));
});

test('a failed epoch query fails its callers and the next caller gets a fresh query', async () => {
  let calls = 0;
  const pool = {
    query: async () => {
      calls += 1;
      if (calls === 1) throw new Error('connection terminated');
      return { rows: [position, { kind: 'credentials', value: '3', scope: null }] };
    },
  } as unknown as pg.Pool;
  const read = postgresReadCacheEpochs(pool);
  await assert.rejects(read(), /connection terminated/);
  assert.deepEqual(await read(), epochs(3));
});

test('a shared query asks for the scoped changes from the oldest position among its callers, and reads them back', async () => {
  const { pool, sent, since } = manualPool();
  const read = postgresReadCacheEpochs(pool);
  const callers = [read(9), read(5), read()];
  await settle();
  assert.deepEqual(since, [5]);
  sent[0]!(1);
  await Promise.all(callers);
  const scoped = {
    query: async () => ({ rows: [{ kind: 'scoped', value: '12', scope: null }, { kind: 'projects', value: '1', scope: null }, { kind: 'projects', value: '11', scope: '42' }] }),
  } as unknown as pg.Pool;
  assert.deepEqual(await postgresReadCacheEpochs(scoped)(10), { kinds: { projects: 1 }, position: 12, changes: [{ kind: 'projects', scope: 42, value: 11 }] });
});
