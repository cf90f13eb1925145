import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import type { Config } from '../config.ts';
import type { Clock } from '../domain/clock.ts';
import { LATCHKEY_VERSION } from '../domain/version.ts';
import { repositoryPath } from '../git/repository-path.ts';
import { registryFiles } from '../registry/signing-key.ts';
import { ArchiveWriter } from './archive-writer.ts';
import { openDatabaseSnapshot } from './database-snapshot.ts';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  bundleMember,
  INSTANCE_FILES,
  MANIFEST_MEMBER,
  REGISTRY_STORAGE_PREFIX,
  tableMember,
  type Manifest,
  type RepositoryDump,
  type TableDump,
} from './manifest.ts';
import { bundleRepository } from './repository-bundles.ts';
import { NOT_BACKED_UP } from './table-order.ts';

export interface BackupInput {
  config: Config;
  /** The instance secret in use (from LATCHKEY_SECRET or the data dir): a restore needs it for every token. */
  secret: string;
  clock: Clock;
  /** Where the archive goes; it must not exist yet. */
  output: string;
}

export interface BackupResult {
  file: string;
  manifest: Manifest;
}

/**
 * One archive of the whole instance, taken while it serves: the instance files, then every table
 * from one database snapshot (spooled to a private staging dir, one file a table), then each
 * project's repository bundled after that snapshot (one at a time), then the embedded registry's
 * storage, then the manifest. Written under a temporary name, renamed into place when complete.
 */
export async function createBackup(input: BackupInput): Promise<BackupResult> {
  const output = path.resolve(input.output);
  if (existsSync(output)) throw new Error(`${output} already exists`);
  const staging = await mkdtemp(path.join(path.dirname(output), '.latchkey-backup-'));
  const partial = path.join(staging, 'archive.tar.gz');
  const archive = new ArchiveWriter(partial);
  try {
    await addInstanceFiles(archive, input);
    const { schemaVersion, tables, projectIds } = await addDatabase(archive, input.config, staging);
    const repositories = await addRepositories(archive, input.config.dataDir, projectIds, staging);
    await addRegistryStorage(archive, registryFiles(input.config.dataDir).storage);
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      latchkeyVersion: LATCHKEY_VERSION,
      createdAt: input.clock.now().toISOString(),
      dialect: input.config.database.dialect,
      schemaVersion,
      tables,
      repositories,
      members: archive.members,
    };
    await archive.finish(MANIFEST_MEMBER, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
    await rename(partial, output);
    return { file: output, manifest };
  } catch (error) {
    archive.abort(error as Error);
    throw error;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function addInstanceFiles(archive: ArchiveWriter, input: BackupInput): Promise<void> {
  for (const [member, relative] of Object.entries(INSTANCE_FILES)) {
    if (relative === 'secret') await archive.addBuffer(member, Buffer.from(`${input.secret}\n`));
    else if (existsSync(path.join(input.config.dataDir, relative))) await archive.addFile(member, path.join(input.config.dataDir, relative));
  }
}

async function addDatabase(archive: ArchiveWriter, config: Config, staging: string) {
  const snapshot = await openDatabaseSnapshot(config.database);
  const spooled: Array<{ member: string; file: string }> = [];
  const tables: TableDump[] = [];
  const projectIds: number[] = [];
  let schemaVersion: string;
  try {
    schemaVersion = await snapshot.schemaVersion();
    const sequences = await snapshot.sequences();
    const order = (await snapshot.tables()).filter((table) => !NOT_BACKED_UP.has(table));
    for (const [index, table] of order.entries()) {
      const member = tableMember(index + 1, table);
      const file = path.join(staging, `table-${index + 1}.ndjson`);
      const out = createWriteStream(file, { mode: 0o600 });
      let rows = 0;
      for await (const row of snapshot.rows(table)) {
        if (table === 'projects') projectIds.push(Number(row.id));
        if (!out.write(`${JSON.stringify(row)}\n`)) await once(out, 'drain');
        rows++;
      }
      out.end();
      await finished(out);
      tables.push({ name: table, member, rows, sequence: sequences.get(table) ?? null });
      spooled.push({ member, file });
    }
  } finally {
    await snapshot.close();
  }
  for (const { member, file } of spooled) {
    await archive.addFile(member, file);
    await rm(file);
  }
  return { schemaVersion, tables, projectIds };
}

async function addRepositories(archive: ArchiveWriter, dataDir: string, projectIds: number[], staging: string): Promise<RepositoryDump[]> {
  const repositories: RepositoryDump[] = [];
  for (const projectId of projectIds.sort((a, b) => a - b)) {
    const file = path.join(staging, `${projectId}.bundle`);
    const { head, bundled } = await bundleRepository(repositoryPath(dataDir, projectId), file);
    const member = bundled ? bundleMember(projectId) : null;
    if (member !== null) {
      await archive.addFile(member, file);
      await rm(file);
    }
    repositories.push({ projectId, head, member });
  }
  return repositories;
}

/** Every finished file of the registry's storage (uploads in progress are left out); the registry writes each file once, by rename. */
async function addRegistryStorage(archive: ArchiveWriter, storage: string): Promise<void> {
  if (!existsSync(storage)) return;
  const walk = async (dir: string, relative: string): Promise<void> => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      const name = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== '_uploads') await walk(full, name);
      } else if (entry.isFile()) {
        // A blob the registry deleted since the listing is simply not part of this backup.
        await archive.addFile(`${REGISTRY_STORAGE_PREFIX}${name}`, full).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        });
      }
    }
  };
  await walk(storage, '');
}
