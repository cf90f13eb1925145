import { mkdir, rename, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { MIGRATION_NAMES, migrateTo, migrateToLatest } from '../db/migrate.ts';
import { repositoryPath } from '../git/repository-path.ts';
import { makePrivateDataDir } from '../instance-files.ts';
import { registryFiles } from '../registry/signing-key.ts';
import { archiveMembers, BackupError, checkedContent, verifyArchive, type ArchiveMember } from './archive-reader.ts';
import { INSTANCE_FILES, REGISTRY_STORAGE_PREFIX, type Manifest } from './manifest.ts';
import { occupiedBy, wipeInstance } from './instance-state.ts';
import { restoreRepository } from './repository-bundles.ts';
import { loadTable, resetSequences } from './table-load.ts';

export interface RestoreInput {
  config: Config;
  file: string;
  /** Replace a non-empty instance (its database, instance files, repositories, registry files). */
  force: boolean;
}

export interface RestoreResult {
  manifest: Manifest;
  /** The migrations applied after the rows, from the archive's schema to this code's. */
  appliedMigrations: string[];
}

/**
 * Restores an archive into an empty instance (or, with force, one it empties first). Nothing is
 * written before the whole archive is verified (first pass: checksums, sizes, row counts, member
 * names). Then the schema is built up to the archive's version, the rows go in, in foreign-key
 * order, in one transaction, sequences continue where they were, and the remaining migrations run;
 * the instance files, repositories and registry files are written beside.
 */
export async function restoreBackup(input: RestoreInput): Promise<RestoreResult> {
  const { config } = input;
  const occupied = await occupiedBy(config);
  if (occupied !== null && !input.force) throw new BackupError(`refused: ${occupied}; pass --force to replace it`);
  const manifest = await verifyArchive(input.file);
  if (!MIGRATION_NAMES.includes(manifest.schemaVersion)) {
    throw new BackupError(`refused: the archive's schema ${manifest.schemaVersion} is newer than this Latchkey's (${MIGRATION_NAMES.at(-1)}); restore it with the Latchkey that made it or a newer one`);
  }
  const archivedSecret = await readArchivedSecret(input.file);
  if (config.secret !== null && config.secret !== archivedSecret) {
    throw new BackupError('refused: LATCHKEY_SECRET differs from the instance secret in the archive (no token would authenticate); unset it or set it to the archived one');
  }
  if (input.force) await wipeInstance(config);
  makePrivateDataDir(config.dataDir);
  const database = openDatabase(config.database);
  let appliedMigrations: string[];
  try {
    await migrateTo(database.db, manifest.schemaVersion);
    await writeMembers(input, manifest, database.db, database.dialect);
    appliedMigrations = await migrateToLatest(database.db);
  } finally {
    await database.close();
  }
  for (const repository of manifest.repositories) {
    if (repository.member === null) await restoreRepository(repositoryPath(config.dataDir, repository.projectId), repository.head, null);
  }
  return { manifest, appliedMigrations };
}

async function readArchivedSecret(file: string): Promise<string> {
  for await (const member of archiveMembers(file)) {
    if (member.name !== 'instance/secret') continue;
    const chunks: Buffer[] = [];
    for await (const chunk of member.content) chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8').trim();
  }
  throw new BackupError('refused: the archive holds no instance secret');
}

/** The second pass: each member to where it belongs, its checksum checked again on the way. */
async function writeMembers(input: RestoreInput, manifest: Manifest, db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const { dataDir } = input.config;
  const tables = new Map(manifest.tables.map((t) => [t.member, t]));
  const heads = new Map(manifest.repositories.map((r) => [r.member, r]));
  const staging = path.join(dataDir, `.restore-${process.pid}`);
  await mkdir(staging, { recursive: true, mode: 0o700 });
  const members = archiveMembers(input.file)[Symbol.asyncIterator]();
  const content = (member: ArchiveMember) => checkedContent(member, manifest.members[member.name]!);
  try {
    let next = await members.next();
    while (!next.done) {
      const member = next.value;
      if (member.kind === 'table') {
        await db.transaction().execute(async (trx) => {
          while (!next.done && next.value.kind === 'table') {
            await loadTable(trx, tables.get(next.value.name)!, content(next.value));
            next = await members.next();
          }
          await resetSequences(trx, dialect, manifest.tables);
        });
        continue;
      }
      if (member.kind === 'instance') {
        const relative = INSTANCE_FILES[member.name]!;
        // A secret from LATCHKEY_SECRET (checked equal above) stays out of the data dir.
        if (relative !== 'secret' || input.config.secret === null) await writePrivate(dataDir, path.join(dataDir, relative), content(member));
        else for await (const _ of content(member));
      } else if (member.kind === 'registry') {
        const storage = registryFiles(dataDir).storage;
        await writePrivate(storage, path.join(storage, member.name.slice(REGISTRY_STORAGE_PREFIX.length)), content(member));
      } else if (member.kind === 'bundle') {
        const repository = heads.get(member.name)!;
        const bundle = path.join(staging, `${repository.projectId}.bundle`);
        await writePrivate(staging, bundle, content(member));
        await restoreRepository(repositoryPath(dataDir, repository.projectId), repository.head, bundle);
        await rm(bundle);
      } else {
        for await (const _ of member.content);
      }
      next = await members.next();
    }
  } finally {
    await members.return?.(undefined);
    await rm(staging, { recursive: true, force: true });
  }
}

/** Writes a file (0600) under `root` only: a name that would resolve outside it is refused. */
async function writePrivate(root: string, file: string, content: AsyncIterable<Buffer>): Promise<void> {
  const resolved = path.resolve(file);
  if (!resolved.startsWith(path.resolve(root) + path.sep)) throw new BackupError(`refused: ${file} lies outside ${root}`);
  await mkdir(path.dirname(resolved), { recursive: true, mode: 0o700 });
  const temporary = `${resolved}.restore-${process.pid}`;
  await pipeline(Readable.from(content), createWriteStream(temporary, { mode: 0o600, flags: 'wx' }));
  await rename(temporary, resolved);
}
