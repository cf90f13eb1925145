import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/helpers/databases.ts';
import { WATCHED, type TableWatch } from './cached-reads.ts';
import { openDatabase, type OpenDatabase } from './database.ts';
import { migrateToLatest } from './migrate.ts';

/** One trigger as a line: `kind[ per project column] ← table event[(columns)][ when column in values]`, columns and values sorted. */
const line = (kind: string, table: string, event: string, columns: string[] = [], perProject?: string, when?: TableWatch['when']) =>
  `${kind}${perProject ? ` per ${perProject}` : ''} ← ${table} ${event}${columns.length > 0 ? `(${[...columns].sort().join(',')})` : ''}` +
  (when ? ` when ${when.column} in ${[...when.values].sort().join(',')}` : '');

/** A trigger's WHEN clause as written back by the database: the new row's column and the quoted values it may hold. */
function parseWhen(clause: string | undefined): TableWatch['when'] {
  if (clause === undefined) return undefined;
  const column = /new\.(\w+)/i.exec(clause);
  assert.ok(column, `a WHEN clause on something else than the new row: ${clause}`);
  return { column: column[1]!, values: [...clause.matchAll(/'([^']*)'/g)].map((m) => m[1]!) };
}

function declared(): string[] {
  const lines: string[] = [];
  for (const [kind, tables] of Object.entries(WATCHED)) {
    for (const [table, watch] of Object.entries(tables as Record<string, TableWatch>)) {
      if (watch.insert) lines.push(line(kind, table, 'insert', [], watch.perProject, watch.when));
      if (watch.update) lines.push(line(kind, table, 'update', watch.update === 'any' ? [] : [...watch.update], watch.perProject));
      if (watch.delete) lines.push(line(kind, table, 'delete', [], watch.perProject));
    }
  }
  return lines.sort();
}

async function installedOnSqlite(db: OpenDatabase['db']): Promise<string[]> {
  const { rows } = await sql<{ sql: string }>`select sql from sqlite_master where type = 'trigger'`.execute(db);
  return rows
    .map(({ sql: text }) => {
      const match = /after (insert|update|delete)(?: of ([\w, ]+?))? on (\w+)(?: when (.+?))? begin (.*) end$/is.exec(text.trim());
      assert.ok(match, `a trigger of another shape: ${text}`);
      const [, event, columns, table, whenClause, body] = match;
      const when = parseWhen(whenClause);
      const cols = columns ? columns.split(',').map((c) => c.trim()) : [];
      const bump = /^update read_cache_epochs set value = value \+ 1 where kind = '(\w+)';$/.exec(body!.trim());
      if (bump) return line(bump[1]!, table!, event!.toLowerCase(), cols, undefined, when);
      // Per project: the `scoped` counter moves, then the project named by old and/or new gets its value.
      const scoped = new RegExp(
        "^update read_cache_epochs set value = value \\+ 1 where kind = 'scoped';" +
          "((?: insert or replace into read_cache_scoped_epochs \\(kind, scope, value\\) select '\\w+', (?:old|new)\\.\\w+, value from read_cache_epochs where kind = 'scoped';)+)$",
      ).exec(body!.trim());
      assert.ok(scoped, `a trigger that does something else than bump an epoch: ${text}`);
      const targets = [...scoped[1]!.matchAll(/select '(\w+)', (old|new)\.(\w+),/g)];
      const rows = targets.map((m) => m[2]).join(',');
      const expectedRows = { insert: 'new', delete: 'old', update: 'old,new' }[event!.toLowerCase()];
      assert.equal(rows, expectedRows, `${text}: the project before and/or after the write`);
      assert.equal(new Set(targets.map((m) => `${m[1]} ${m[3]}`)).size, 1, text);
      return line(targets[0]![1]!, table!, event!.toLowerCase(), cols, targets[0]![3], when);
    })
    .sort();
}

async function installedOnPostgres(db: OpenDatabase['db']): Promise<string[]> {
  const { rows } = await sql<{ table: string; type: number; deferred: boolean; fn: string; args: string; columns: string; definition: string }>`
    select c.relname as table, t.tgtype as type, (t.tgdeferrable and t.tginitdeferred) as deferred, p.proname as fn,
           pg_get_triggerdef(t.oid) as definition,
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
    assert.ok(['latchkey_bump_read_cache_epoch', 'latchkey_bump_scoped_read_cache_epoch'].includes(row.fn), `trigger on ${row.table} calls ${row.fn}`);
    assert.ok(row.deferred, `the trigger on ${row.table} runs at commit`);
    const [kind, column] = row.args.split('\\000');
    const perProject = row.fn === 'latchkey_bump_scoped_read_cache_epoch' ? column : undefined;
    assert.ok(!perProject === (row.fn === 'latchkey_bump_read_cache_epoch'), `${row.table}: a per-project trigger names its column`);
    const columns = row.columns === '' ? [] : row.columns.split(',');
    const when = parseWhen(/ WHEN (.+) EXECUTE FUNCTION /.exec(row.definition)?.[1]);
    // tgtype bits: 4 insert, 8 delete, 16 update.
    if (row.type & 4) lines.push(line(kind!, row.table, 'insert', [], perProject, when));
    if (row.type & 16) lines.push(line(kind!, row.table, 'update', columns, perProject, when));
    if (row.type & 8) lines.push(line(kind!, row.table, 'delete', [], perProject, when));
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
      assert.deepEqual(Object.keys((await database.readCacheEpochs()).kinds).sort(), Object.keys(WATCHED).sort());
    });
  });
}
