import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { TableDump } from './manifest.ts';
import { decodeValue } from './table-order.ts';

/** Stays under both dialects' bound on parameters in one statement. */
const MAX_PARAMETERS = 30_000;

/** Inserts one table's rows (NDJSON) in batches, inside the restore's transaction. */
export async function loadTable(trx: Transaction<any>, table: TableDump, content: AsyncIterable<Buffer>): Promise<void> {
  const lines = createInterface({ input: Readable.from(content), crlfDelay: Infinity });
  let batch: Array<Record<string, unknown>> = [];
  let columns = 1;
  const flush = async () => {
    if (batch.length === 0) return;
    try {
      await trx.insertInto(table.name).values(batch).execute();
    } catch (error) {
      throw new Error(`restoring table ${table.name} failed: ${(error as Error).message}`);
    }
    batch = [];
  };
  for await (const line of lines) {
    if (line === '') continue;
    const row = JSON.parse(line) as Record<string, unknown>;
    for (const key of Object.keys(row)) row[key] = decodeValue(row[key]);
    columns = Math.max(columns, Object.keys(row).length);
    batch.push(row);
    if (batch.length >= Math.min(500, Math.floor(MAX_PARAMETERS / columns))) await flush();
  }
  await flush();
}

/**
 * Sequences continue past every id the backed-up instance handed out (not only past the rows
 * left), so an id is never reused: PostgreSQL's serial sequences by setval, SQLite's
 * AUTOINCREMENT by sqlite_sequence.
 */
export async function resetSequences(trx: Kysely<any>, dialect: 'sqlite' | 'postgres', tables: TableDump[]): Promise<void> {
  const withId = new Set(
    (await trx.introspection.getTables()).filter((t) => t.columns.some((c) => c.name === 'id')).map((t) => t.name),
  );
  for (const table of tables) {
    if (!withId.has(table.name)) continue;
    const max = await sql<{ max: number | string | null }>`select max(id) as max from ${sql.table(table.name)}`.execute(trx);
    const value = Math.max(Number(max.rows[0]?.max ?? 0), table.sequence ?? 0);
    if (dialect === 'postgres') {
      const found = await sql<{ sequence: string | null }>`select pg_get_serial_sequence(${table.name}, 'id') as sequence`.execute(trx);
      const sequence = found.rows[0]?.sequence;
      if (!sequence) continue;
      if (value > 0) await sql`select setval(${sequence}::regclass, ${value})`.execute(trx);
      else await sql`select setval(${sequence}::regclass, 1, false)`.execute(trx);
    } else if (value > 0) {
      const autoincrement = await sql`select 1 from sqlite_master where type = 'table' and name = ${table.name} and upper(sql) like '%AUTOINCREMENT%'`.execute(trx);
      if (autoincrement.rows.length === 0) continue;
      const updated = await sql`update sqlite_sequence set seq = max(seq, ${value}) where name = ${table.name}`.execute(trx);
      if (Number(updated.numAffectedRows ?? 0) === 0) await sql`insert into sqlite_sequence (name, seq) values (${table.name}, ${value})`.execute(trx);
    }
  }
}
