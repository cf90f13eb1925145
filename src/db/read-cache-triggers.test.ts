import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/helpers/databases.ts';
import { WATCHED, type TableWatch } from './cached-reads.ts';
import { openDatabase, type OpenDatabase } from './database.ts';
import { migrateToLatest } from './migrate.ts';

/** One trigger as a line: `kind ← table event[(columns)]`, columns sorted. */
const line = (kind: string, table: string, event: string, columns: string[] = []) =>
  `${kind} ← ${table} ${event}${columns.length > 0 ? `(${[...columns].sort().join(',')})` : ''}`;

function declared(): string[] {
  const lines: string[] = [];
  for (const [kind, tables] of Object.entries(WATCHED)) {
    for (const [table, watch] of Object.entries(tables as Record<string, TableWatch>)) {
      if (watch.insert) lines.push(line(kind, table, 'insert'));
      if (watch.update) lines.push(line(kind, table, 'update', watch.update === 'any' ? [] : [...watch.update]));
      if (watch.delete) lines.push(line(kind, table, 'delete'));
    }
  }
  return lines.sort();
}

async function installedOnSqlite(db: OpenDatabase['db']): Promise<string[]> {
  const { rows } = await sql<{ sql: string }>`select sql from sqlite_master where type = 'trigger'`.execute(db);
  return rows
    .map(({ sql: text }) => {
      const match = /after (insert|update|delete)(?: of ([\w, ]+?))? on (\w+) begin (.*) end$/is.exec(text.trim());
      assert.ok(match, `a trigger of another shape: ${text}`);
      const [, event, columns, table, body] = match;
      const bump = /^update read_cache_epochs set value = value \+ 1 where kind = '(\w+)';$/.exec(body!.trim());
      assert.ok(bump, `a trigger that does something else than bump an epoch: ${text}`);
      return line(bump[1]!, table!, event!.toLowerCase(), columns ? columns.split(',').map((c) => c.trim()) : []);
    })
    .sort();
}

async function installedOnPostgres(db: OpenDatabase['db']): Promise<string[]> {
  const { rows } = await sql<{ table: string; type: number; deferred: boolean; fn: string; args: string; columns: string }>`
    select c.relname as table, t.tgtype as type, (t.tgdeferrable and t.tginitdeferred) as deferred, p.proname as fn,
           encode(t.tgargs, 'escape') as args,
           coalesce((select string_agg(a.attname, ',') from pg_attribute a
                     where a.attrelid = t.tgrelid and a.attnum = any(t.tgattr::int2[])), '') as columns
    from pg_trigger t
    join pg_class c on c.oid = t.tgrelid
    join pg_namespace n on n.oid = c.relnamespace
    join pg_proc p on p.oid = t.tgfoid
    where not t.tgisinternal and n.nspname = current_schema()`.execute(db);
  const lines: string[] = [];
  for (const row of rows) {
    assert.equal(row.fn, 'latchkey_bump_read_cache_epoch', `trigger on ${row.table} calls ${row.fn}`);
    assert.ok(row.deferred, `the trigger on ${row.table} runs at commit`);
    const [kind] = row.args.split('\\000');
    const columns = row.columns === '' ? [] : row.columns.split(',');
    // tgtype bits: 4 insert, 8 delete, 16 update.
    if (row.type & 4) lines.push(line(kind!, row.table, 'insert'));
    if (row.type & 16) lines.push(line(kind!, row.table, 'update', columns));
    if (row.type & 8) lines.push(line(kind!, row.table, 'delete'));
  }
  return lines.sort();
}

for (const dialect of DIALECTS) {
  describe(`the read cache's epoch triggers (${dialect})`, () => {
    let testDb: TestDatabase;
    let database: OpenDatabase;
    before(async () => {
      testDb = await createTestDatabase(dialect);
      database = openDatabase(testDb.database);
      await migrateToLatest(database.db);
    });
    after(async () => {
      await database.close();
      await testDb.drop();
    });

    test('the triggers installed are exactly those WATCHED in cached-reads.ts declares', async () => {
      const installed = dialect === 'sqlite' ? await installedOnSqlite(database.db) : await installedOnPostgres(database.db);
      assert.deepEqual(installed, declared());
    });

    test('every declared kind has its epoch, read in one query', async () => {
      assert.deepEqual(Object.keys(await database.readCacheEpochs()).sort(), Object.keys(WATCHED).sort());
    });
  });
}
