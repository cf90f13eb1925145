import { existsSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import type { Config } from '../config.ts';
import { INSTANCE_FILES } from './manifest.ts';

/** What a restore replaces in the data dir (besides the database): the instance files, repositories, the registry's files, generated hooks. */
const DATA_DIR_ENTRIES = [...new Set(Object.values(INSTANCE_FILES).map((file) => file.split('/')[0]!)), 'repositories', 'git-hooks', 'initial_root_password'];

/** Names what makes the instance non-empty (a restore would overwrite it), or null when there is nothing. */
export async function occupiedBy(config: Config): Promise<string | null> {
  for (const entry of DATA_DIR_ENTRIES) {
    const file = path.join(config.dataDir, entry);
    if (!existsSync(file)) continue;
    if (entry === 'repositories' && readdirSync(file).length === 0) continue;
    return `the data dir ${config.dataDir} is not empty (it holds ${entry})`;
  }
  const tables = await databaseTables(config.database);
  if (tables.length > 0) {
    return config.database.dialect === 'sqlite'
      ? `the database ${config.database.file} is not empty`
      : `the PostgreSQL database is not empty (${tables.length} tables)`;
  }
  return null;
}

async function databaseTables(database: Config['database']): Promise<string[]> {
  if (database.dialect === 'sqlite') {
    if (!existsSync(database.file)) return [];
    const db = new SqliteDatabase(database.file, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare("select name from sqlite_master where type = 'table'").all() as Array<{ name: string }>).map((r) => r.name);
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query('select tablename from pg_tables where schemaname = current_schema()')).rows.map((r) => r.tablename as string);
  } finally {
    await client.end();
  }
}

/**
 * `restore --force`: removes what a restore writes. The SQLite file and its journals; on
 * PostgreSQL every table and Latchkey's trigger functions in the current schema (nothing else of
 * that database); in the data dir the instance files, repositories and registry files.
 */
export async function wipeInstance(config: Config): Promise<void> {
  for (const entry of DATA_DIR_ENTRIES) await rm(path.join(config.dataDir, entry), { recursive: true, force: true });
  const database = config.database;
  if (database.dialect === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm', '-journal']) await rm(`${database.file}${suffix}`, { force: true });
    return;
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query('begin');
    for (const table of (await client.query('select tablename from pg_tables where schemaname = current_schema()')).rows) {
      await client.query(`drop table if exists "${String(table.tablename).replace(/"/g, '""')}" cascade`);
    }
    const functions = await client.query(
      "select p.oid::regprocedure::text as signature from pg_proc p where p.pronamespace = current_schema()::regnamespace and p.proname like 'latchkey\\_%'",
    );
    for (const fn of functions.rows) await client.query(`drop function if exists ${fn.signature as string} cascade`);
    await client.query('commit');
  } finally {
    await client.end();
  }
}
