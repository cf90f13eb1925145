import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReadCache, type ScopedChange } from './read-cache.ts';

type Kind = 'tokens' | 'projects';

function cacheOnEpochs(maxEntries = 10) {
  const epochs: Record<Kind, number> = { tokens: 1, projects: 1 };
  // The scoped changes committed so far (value = position), as read_cache_scoped_epochs keeps them.
  const changes: ScopedChange[] = [];
  const state = { loads: 0, asked: [] as (number | undefined)[] };
  const cache = new ReadCache<Kind>(
    ['tokens', 'projects'],
    (since) => {
      state.asked.push(since);
      const position = changes.at(-1)?.value ?? 0;
      return { kinds: { ...epochs }, position, changes: changes.filter((change) => since !== undefined && change.value > since) };
    },
    { maxEntries, ttlMs: 60_000, scopedKinds: ['projects'] },
  );
  const changeProject = (scope: number) => changes.push({ kind: 'projects', scope, value: changes.length + 1 });
  const load = (value: string) => async () => {
    state.loads += 1;
    return value;
  };
  return { epochs, state, cache, load, changeProject };
}

test('ReadCache answers from memory while the epoch of the kind stands still', async () => {
  const { state, cache, load } = cacheOnEpochs();
  await cache.refresh();
  assert.equal(await cache.read('tokens', 'a', load('first')), 'first');
  await cache.refresh();
  assert.equal(await cache.read('tokens', 'a', load('second')), 'first');
  assert.equal(state.loads, 1);
  assert.deepEqual(cache.stats().tokens, { hits: 1, loads: 1, clears: 0, scopedClears: 0 });
});

test('ReadCache reads a kind again once its epoch moved, and keeps the other kinds', async () => {
  const { epochs, cache, load } = cacheOnEpochs();
  await cache.refresh();
  await cache.read('tokens', 'a', load('token before'));
  await cache.read('projects', 'a', load('project before'), { scope: () => 1 });
  epochs.projects += 1; // a watched row of projects changed, on any node
  await cache.refresh();
  assert.equal(await cache.read('projects', 'a', load('project after'), { scope: () => 1 }), 'project after');
  assert.equal(await cache.read('tokens', 'a', load('token after')), 'token before');
  assert.deepEqual(cache.stats(), {
    tokens: { hits: 1, loads: 1, clears: 0, scopedClears: 0 },
    projects: { hits: 0, loads: 2, clears: 1, scopedClears: 0 },
  });
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
  await cache.read('projects', 'c', load('c'), { scope: () => 1 }); // no project to drop: the largest kind gives one up
  await cache.read('tokens', 'b', load('b'));
  await cache.read('projects', 'c', load('c'), { scope: () => 1 });
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

test("ReadCache drops only the entries of the project whose scoped epoch moved, under every key it was filed", async () => {
  const { state, cache, load, changeProject } = cacheOnEpochs();
  await cache.refresh();
  const byId = (id: number) => ({ scope: () => id, also: () => [[`path-of-${id}`, `project ${id}`]] as [string, unknown][] });
  await cache.read('projects', 'id-1', load('project 1'), byId(1));
  await cache.read('projects', 'id-2', load('project 2'), byId(2));
  await cache.read('tokens', 't', load('token'));
  changeProject(2); // a note in project 2, on any node
  await cache.refresh();
  assert.equal(await cache.read('projects', 'id-1', load('reloaded 1'), byId(1)), 'project 1');
  assert.equal(await cache.read('projects', 'path-of-2', load('reloaded 2'), byId(2)), 'reloaded 2', 'the alias went with the entry');
  assert.equal(await cache.read('projects', 'id-2', load('reloaded 2'), byId(2)), 'reloaded 2');
  assert.equal(await cache.read('tokens', 't', load('token again')), 'token');
  assert.deepEqual(cache.stats().projects, { hits: 1, loads: 4, clears: 0, scopedClears: 1 });
  assert.equal(state.asked[0], undefined, 'the first reading asks for no changes');
  assert.equal(state.asked[1], 0, 'the next asks from the position the first saw');
});

test('ReadCache applies a scoped change once, even when a reading repeats it, and never keeps a load it overtook', async () => {
  const { cache, load, changeProject } = cacheOnEpochs();
  await cache.refresh();
  let finish!: (value: string) => void;
  const slow = cache.read('projects', 'id-1', () => new Promise<string>((resolve) => (finish = resolve)), { scope: () => 1 });
  changeProject(1);
  await cache.refresh();
  finish('read before the change');
  assert.equal(await slow, 'read before the change');
  assert.equal(await cache.read('projects', 'id-1', load('fresh'), { scope: () => 1 }), 'fresh');
  await cache.refresh(); // the same position: nothing more to drop
  assert.equal(await cache.read('projects', 'id-1', load('again'), { scope: () => 1 }), 'fresh');
  assert.equal(cache.stats().projects.scopedClears, 1);
});

test("ReadCache keeps a load that only another project's change overtook, and not one that more changes overtook than it remembers", async () => {
  const { cache, load, changeProject } = cacheOnEpochs();
  await cache.refresh();
  const slowRead = (key: string, scope: number) => {
    let finish!: (value: string) => void;
    const read = cache.read('projects', key, () => new Promise<string>((resolve) => (finish = resolve)), { scope: () => scope });
    return { read, finish: (value: string) => finish(value) };
  };
  const project1 = slowRead('id-1', 1);
  changeProject(2); // a note in project 2 while project 1 is read
  await cache.refresh();
  project1.finish('project 1');
  assert.equal(await project1.read, 'project 1');
  assert.equal(await cache.read('projects', 'id-1', load('reloaded 1'), { scope: () => 1 }), 'project 1', 'kept');

  const project3 = slowRead('id-3', 3);
  for (let i = 0; i < 300; i++) changeProject(2); // more than the cache remembers the projects of
  await cache.refresh();
  project3.finish('project 3 before');
  assert.equal(await project3.read, 'project 3 before');
  assert.equal(await cache.read('projects', 'id-3', load('project 3 fresh'), { scope: () => 3 }), 'project 3 fresh', 'not kept: unsure');
});

test('ReadCache refuses to keep an entry of a scoped kind without its project', async () => {
  const { cache, load } = cacheOnEpochs();
  await cache.refresh();
  await assert.rejects(cache.read('projects', 'x', load('x')), /needs its scope/);
});
