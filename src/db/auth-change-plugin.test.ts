import assert from 'node:assert/strict';
import { test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { AuthChangePlugin } from './auth-change-plugin.ts';
import type { Database } from './schema.ts';

async function changesSeen(statement: (db: Kysely<Database>) => Promise<unknown>): Promise<number> {
  let seen = 0;
  const sqlite = new SqliteDatabase(':memory:');
  sqlite.exec(`create table personal_access_tokens (id integer primary key, revoked int, last_used_at text, name text);
               create table users (id integer primary key, state text, name text);
               create table issues (id integer primary key, title text);
               insert into personal_access_tokens values (1, 0, null, 'a'); insert into users values (1, 'active', 'u');`);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }).withPlugin(new AuthChangePlugin(() => seen++));
  await statement(db);
  await db.destroy();
  return seen;
}

test('AuthChangePlugin reports revoking a token, deleting a user, and changes inside a transaction', async () => {
  assert.equal(await changesSeen((db) => db.updateTable('personal_access_tokens').set({ revoked: 1 }).execute()), 1);
  assert.equal(await changesSeen((db) => db.deleteFrom('users').where('id', '=', 1).execute()), 1);
  assert.equal(await changesSeen((db) => db.updateTable('users').set({ state: 'blocked' }).execute()), 1);
  assert.equal(
    await changesSeen((db) => db.transaction().execute((trx) => trx.updateTable('personal_access_tokens as t').set({ revoked: 1 }).execute())),
    1,
  );
});

test('AuthChangePlugin ignores last-used bookkeeping, token names and other tables', async () => {
  assert.equal(await changesSeen((db) => db.updateTable('personal_access_tokens').set({ last_used_at: 'now' }).execute()), 0);
  assert.equal(await changesSeen((db) => db.updateTable('personal_access_tokens').set({ name: 'b' }).execute()), 0);
  assert.equal(await changesSeen((db) => db.updateTable('issues').set({ title: 'x' }).execute()), 0);
  assert.equal(await changesSeen((db) => db.selectFrom('users').selectAll().execute()), 0);
});
