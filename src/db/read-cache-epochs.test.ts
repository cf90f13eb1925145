import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/databases.ts';
import { openDatabase, type OpenDatabase } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { postgresReadCacheEpochs } from './read-cache-epochs.ts';
import type { Epochs } from './read-cache.ts';
import { insertUser } from './repositories/users.ts';

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

describe('SQLite: a reading that finds nothing changed, and every change it must not miss', () => {
  let testDb: TestDatabase;
  let database: OpenDatabase;
  /** Another process's connection to the same file (the CLI, `sqlite3`). */
  let other: SqliteDatabase.Database;
  let userId: number;
  before(async () => {
    testDb = await createTestDatabase('sqlite');
    database = openDatabase(testDb.database);
    await migrateToLatest(database.db);
    userId = (await insertUser(database.db, { username: 'ann', name: 'Ann', email: 'ann@example.com', password_hash: null, user_type: 'human', is_admin: 0, state: 'active', bot_project_id: null, created_at: new Date().toISOString() })).id;
    if (testDb.database.dialect !== 'sqlite') throw new Error('an SQLite database was asked for');
    other = new SqliteDatabase(testDb.database.file);
  });
  after(async () => {
    other.close();
    await database.close();
    await testDb.drop();
  });
  /** SQLite answers synchronously. */
  const read = (since?: number) => database.readCacheEpochs(since) as Epochs;

  test('with nothing written in between, the reading is handed back as it was', () => {
    const first = read();
    assert.equal(read(), first);
  });

  test('a write on this connection, through a trigger, is in the next reading', async () => {
    const before = read().kinds.credentials!;
    await database.db.updateTable('users').set({ name: 'Ann B.' }).where('id', '=', userId).execute();
    assert.equal(read().kinds.credentials, before + 1);
  });

  test('a commit by another connection is in the next reading', () => {
    const before = read().kinds.credentials!;
    other.prepare('update users set name = ? where id = ?').run('Ann C.', userId);
    assert.equal(read().kinds.credentials, before + 1);
  });

  test('a rolled-back write leaves the epochs as they were, read again', async () => {
    const first = read();
    await database.db
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable('users').set({ name: 'never' }).where('id', '=', userId).execute();
        throw new Error('roll back');
      })
      .catch(() => {});
    const again = read();
    assert.notEqual(again, first, 'read again: a write was made, even if it did not stay');
    assert.deepEqual(again, first);
  });

  test('a scoped change is read from the position asked', () => {
    const { position } = read();
    other.prepare("update read_cache_epochs set value = value + 1 where kind = 'scoped'").run();
    other.prepare("insert or replace into read_cache_scoped_epochs (kind, scope, value) select 'issues', 7, value from read_cache_epochs where kind = 'scoped'").run();
    const next = read(position);
    assert.equal(next.position, position + 1);
    assert.deepEqual(next.changes, [{ kind: 'issues', scope: 7, value: position + 1 }]);
  });
});
