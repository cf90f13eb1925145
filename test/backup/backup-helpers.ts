import { readdirSync, existsSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import pg from 'pg';
import SqliteDatabase from 'better-sqlite3';
import tar from 'tar-stream';
import { BIN, compiledCli } from '../helpers/compiled-cli.ts';
import { run, type Finished } from '../helpers/latchkey-process.ts';
import type { TestDatabase } from '../helpers/databases.ts';

/** The LATCHKEY_* environment that points the CLI and the server at a test database. */
export function instanceEnv(database: TestDatabase, dataDir = database.dataDir): Record<string, string> {
  return {
    LATCHKEY_DATA_DIR: dataDir,
    LATCHKEY_LOG_LEVEL: 'warn',
    LATCHKEY_ROOT_PASSWORD: 'backup-root-password',
    ...(database.database.dialect === 'postgres' ? { LATCHKEY_DATABASE_URL: database.database.url } : {}),
  };
}

/**
 * `latchkey <args>` with exactly this instance's environment: compiled once per run
 * (../helpers/compiled-cli.ts), or with `bin`, as a user runs it (bin/latchkey.js, through tsx).
 */
export async function latchkey(env: Record<string, string>, args: string[], options: { bin?: boolean } = {}): Promise<Finished> {
  const { LATCHKEY_TEST_PG_URL: _, ...rest } = process.env;
  return run(process.execPath, [options.bin ? BIN : await compiledCli(), ...args], { PATH: rest.PATH, HOME: rest.HOME, ...env });
}

/** Table names in the instance's database (empty when it has none, or no file yet). */
export async function tablesOf(database: TestDatabase): Promise<string[]> {
  if (database.database.dialect === 'sqlite') {
    if (!existsSync(database.database.file)) return [];
    const db = new SqliteDatabase(database.database.file, { readonly: true });
    try {
      return (db.prepare("select name from sqlite_master where type = 'table'").all() as Array<{ name: string }>).map((r) => r.name);
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: database.database.url });
  await client.connect();
  try {
    return (await client.query('select tablename from pg_tables where schemaname = current_schema()')).rows.map((r) => r.tablename);
  } finally {
    await client.end();
  }
}

export const filesIn = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String) : []);

export interface RawMember {
  header: tar.Header;
  content: Buffer;
}

/** Every member of a small .tar.gz, in memory (for tests that tamper with one). */
export async function readMembers(archive: Buffer): Promise<RawMember[]> {
  const extract = tar.extract();
  Readable.from([gunzipSync(archive)]).pipe(extract);
  const members: RawMember[] = [];
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    members.push({ header: entry.header, content: Buffer.concat(chunks) });
  }
  return members;
}

/** A .tar.gz of exactly these members (headers as given: names, types and links included). */
export async function writeMembers(members: RawMember[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const collected = (async () => {
    for await (const chunk of pack) chunks.push(chunk as Buffer);
  })();
  for (const { header, content } of members) {
    await new Promise<void>((resolve, reject) => {
      const isFile = (header.type ?? 'file') === 'file';
      const done = (error?: Error | null) => (error ? reject(error) : resolve());
      if (isFile) pack.entry({ ...header, size: content.length }, content, done);
      else pack.entry({ ...header, size: 0 }, done).end(Buffer.alloc(0));
    });
  }
  pack.finalize();
  await collected;
  return gzipSync(Buffer.concat(chunks));
}
