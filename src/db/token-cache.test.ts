import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TokenWithUser } from './repositories/tokens.ts';
import { TokenCache } from './token-cache.ts';

const entry = (id: number) => ({ token: { id }, user: { id } }) as unknown as TokenWithUser;

test('TokenCache returns what was stored in the same generation', () => {
  const cache = new TokenCache({ maxEntries: 10, ttlMs: 60_000, enabled: true });
  cache.set('a', entry(1), cache.begin());
  assert.equal(cache.get('a')?.token.id, 1);
});

test('TokenCache refuses a result read before an invalidation (the stale-read race)', () => {
  const cache = new TokenCache({ maxEntries: 10, ttlMs: 60_000, enabled: true });
  const generation = cache.begin();
  cache.invalidateAll(); // a revoke commits while the lookup is in flight
  cache.set('a', entry(1), generation);
  assert.equal(cache.get('a'), undefined);
});

test('TokenCache forgets everything when another process changed the database', () => {
  let changed = false;
  const cache = new TokenCache({ maxEntries: 10, ttlMs: 60_000, enabled: true, changedElsewhere: () => changed });
  cache.set('a', entry(1), cache.begin());
  changed = true;
  assert.equal(cache.get('a'), undefined);
});

test('TokenCache stores nothing while disabled and is empty when enabled again', () => {
  const cache = new TokenCache({ maxEntries: 10, ttlMs: 60_000, enabled: false });
  cache.set('a', entry(1), cache.begin());
  assert.equal(cache.get('a'), undefined);
  cache.setEnabled(true);
  cache.set('b', entry(2), cache.begin());
  cache.setEnabled(false);
  assert.equal(cache.get('b'), undefined);
});

test('TokenCache holds at most maxEntries and drops the oldest', () => {
  const cache = new TokenCache({ maxEntries: 2, ttlMs: 60_000, enabled: true });
  for (const [key, id] of [['a', 1], ['b', 2], ['c', 3]] as const) cache.set(key, entry(id), cache.begin());
  assert.equal(cache.get('a'), undefined);
  assert.equal(cache.get('c')?.token.id, 3);
});

test('TokenCache entries expire after the TTL', async () => {
  const cache = new TokenCache({ maxEntries: 10, ttlMs: 5, enabled: true });
  cache.set('a', entry(1), cache.begin());
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(cache.get('a'), undefined);
});
