import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReadCache } from './read-cache.ts';

type Kind = 'tokens' | 'projects';

function cacheOnEpochs(maxEntries = 10) {
  const epochs: Record<Kind, number> = { tokens: 1, projects: 1 };
  const state = { loads: 0 };
  const cache = new ReadCache<Kind>(['tokens', 'projects'], () => ({ ...epochs }), { maxEntries, ttlMs: 60_000 });
  const load = (value: string) => async () => {
    state.loads += 1;
    return value;
  };
  return { epochs, state, cache, load };
}

test('ReadCache answers from memory while the epoch of the kind stands still', async () => {
  const { state, cache, load } = cacheOnEpochs();
  await cache.refresh();
  assert.equal(await cache.read('tokens', 'a', load('first')), 'first');
  await cache.refresh();
  assert.equal(await cache.read('tokens', 'a', load('second')), 'first');
  assert.equal(state.loads, 1);
  assert.deepEqual(cache.stats().tokens, { hits: 1, loads: 1, clears: 0 });
});

test('ReadCache reads a kind again once its epoch moved, and keeps the other kinds', async () => {
  const { epochs, cache, load } = cacheOnEpochs();
  await cache.refresh();
  await cache.read('tokens', 'a', load('token before'));
  await cache.read('projects', 'a', load('project before'));
  epochs.projects += 1; // a watched row of projects changed, on any node
  await cache.refresh();
  assert.equal(await cache.read('projects', 'a', load('project after')), 'project after');
  assert.equal(await cache.read('tokens', 'a', load('token after')), 'token before');
  assert.deepEqual(cache.stats(), { tokens: { hits: 1, loads: 1, clears: 0 }, projects: { hits: 0, loads: 2, clears: 1 } });
});

test('ReadCache does not keep a read that an epoch change overtook (the stale-read race)', async () => {
  const { epochs, cache } = cacheOnEpochs();
  await cache.refresh();
  let finish!: (value: string) => void;
  const slow = cache.read('tokens', 'a', () => new Promise<string>((resolve) => (finish = resolve)));
  epochs.tokens += 1;
  await cache.refresh(); // another request saw the change while the read was in flight
  finish('read before the change');
  assert.equal(await slow, 'read before the change');
  assert.equal(await cache.read('tokens', 'a', async () => 'fresh'), 'fresh');
});

test('ReadCache keeps only what `keep` allows, and files aliases with the entry', async () => {
  const { cache } = cacheOnEpochs();
  await cache.refresh();
  await cache.read('tokens', 'missing', async () => undefined, { keep: (value) => value !== undefined });
  assert.equal(await cache.read('tokens', 'missing', async () => 'now there'), 'now there');
  await cache.read('tokens', 'by-key', async () => ({ id: 7 }), { also: (value) => [['by-id:7', value]] });
  assert.deepEqual(await cache.read('tokens', 'by-id:7', async () => ({ id: -1 })), { id: 7 });
});

test('ReadCache.replace swaps an entry only while it still holds the value the caller read', async () => {
  const { epochs, cache } = cacheOnEpochs();
  await cache.refresh();
  const first = await cache.read('tokens', 'a', async () => ({ used: 1 }));
  cache.replace('tokens', 'a', first, { used: 2 });
  assert.deepEqual(await cache.read('tokens', 'a', async () => ({ used: -1 })), { used: 2 });
  cache.replace('tokens', 'a', first, { used: 3 }); // read before the swap: stale
  assert.deepEqual(await cache.read('tokens', 'a', async () => ({ used: -1 })), { used: 2 });
  epochs.tokens += 1;
  await cache.refresh();
  cache.replace('tokens', 'a', first, { used: 4 }); // emptied since: nothing to swap
  assert.deepEqual(await cache.read('tokens', 'a', async () => ({ used: 5 })), { used: 5 });
});

test('ReadCache holds at most maxEntries over all kinds, dropping the oldest first', async () => {
  const { state, cache, load } = cacheOnEpochs(2);
  await cache.refresh();
  await cache.read('tokens', 'a', load('a'));
  await cache.read('tokens', 'b', load('b'));
  await cache.read('projects', 'c', load('c')); // no project to drop: the largest kind gives one up
  await cache.read('tokens', 'b', load('b'));
  await cache.read('projects', 'c', load('c'));
  assert.equal(state.loads, 3);
  await cache.read('tokens', 'a', load('a'));
  assert.equal(state.loads, 4, 'the oldest entry went');
});

test('ReadCache keeps nothing before its first refresh, nor when disabled', async () => {
  const { cache } = cacheOnEpochs();
  let loads = 0;
  await cache.read('tokens', 'a', async () => ++loads);
  await cache.read('tokens', 'a', async () => ++loads);
  assert.equal(loads, 2);
  const disabled = new ReadCache<Kind>(['tokens'], null, { maxEntries: 0, ttlMs: 0 });
  await disabled.refresh();
  await disabled.read('tokens', 'a', async () => ++loads);
  await disabled.read('tokens', 'a', async () => ++loads);
  assert.equal(loads, 4);
});
