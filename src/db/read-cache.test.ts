import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReadCache } from './read-cache.ts';

function cacheOnEpoch(start = 1) {
  const state = { epoch: start, loads: 0 };
  const cache = new ReadCache(() => state.epoch, { maxEntries: 10, ttlMs: 60_000 });
  const load = (value: string) => async () => {
    state.loads += 1;
    return value;
  };
  return { state, cache, load };
}

test('ReadCache answers from memory while the epoch stands still', async () => {
  const { state, cache, load } = cacheOnEpoch();
  await cache.refresh();
  assert.equal(await cache.read('a', load('first')), 'first');
  await cache.refresh();
  assert.equal(await cache.read('a', load('second')), 'first');
  assert.equal(state.loads, 1);
});

test('ReadCache reads again once the epoch moved', async () => {
  const { state, cache, load } = cacheOnEpoch();
  await cache.refresh();
  await cache.read('a', load('before'));
  state.epoch += 1; // a watched row changed, on any node
  await cache.refresh();
  assert.equal(await cache.read('a', load('after')), 'after');
});

test('ReadCache does not keep a read that an epoch change overtook (the stale-read race)', async () => {
  const { state, cache } = cacheOnEpoch();
  await cache.refresh();
  let finish!: (value: string) => void;
  const slow = cache.read('a', () => new Promise<string>((resolve) => (finish = resolve)));
  state.epoch += 1;
  await cache.refresh(); // another request saw the change while the read was in flight
  finish('read before the change');
  assert.equal(await slow, 'read before the change');
  assert.equal(await cache.read('a', async () => 'fresh'), 'fresh');
});

test('ReadCache keeps only what `keep` allows, and files aliases with the entry', async () => {
  const { cache } = cacheOnEpoch();
  await cache.refresh();
  await cache.read('missing', async () => undefined, { keep: (value) => value !== undefined });
  assert.equal(await cache.read('missing', async () => 'now there'), 'now there');
  await cache.read('by-key', async () => ({ id: 7 }), { also: (value) => [['by-id:7', value]] });
  assert.deepEqual(await cache.read('by-id:7', async () => ({ id: -1 })), { id: 7 });
});

test('ReadCache.disabled keeps nothing', async () => {
  const cache = ReadCache.disabled();
  await cache.refresh();
  let loads = 0;
  await cache.read('a', async () => ++loads);
  await cache.read('a', async () => ++loads);
  assert.equal(loads, 2);
});
