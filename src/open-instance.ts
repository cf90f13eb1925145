import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { CachedReads } from './db/cached-reads.ts';
import { systemClock, type Clock } from './domain/clock.ts';
import type { Deps } from './deps.ts';
import { makePrivateDataDir, randomSecret, readOrCreateSecretFile } from './instance-files.ts';

/** A safety net only: correctness rests on the epochs (src/db/read-cache.ts). */
const READ_CACHE_TTL_MS = 60_000;

export interface OpenInstance {
  deps: Deps;
  /** The migrations this call applied, in order (empty when the database was up to date). */
  appliedMigrations: string[];
  close(): Promise<void>;
}

/**
 * Opens an instance the one way the server and the CLI share: the instance secret
 * (LATCHKEY_SECRET, else generated once into the data dir), the database, and its pending
 * migrations. The admin user comes next (services/bootstrap-instance.ts).
 */
export async function openInstance(config: Config, options: { log: Logger; clock?: Clock; readCache: boolean }): Promise<OpenInstance> {
  makePrivateDataDir(config.dataDir);
  const secret = config.secret ?? readOrCreateSecretFile(config.dataDir, 'secret', randomSecret);
  const database = openDatabase(config.database);
  let appliedMigrations: string[];
  try {
    appliedMigrations = await migrateToLatest(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  const deps: Deps = {
    db: database.db,
    dialect: database.dialect,
    clock: options.clock ?? systemClock,
    config,
    secret,
    log: options.log,
    cachedReads: options.readCache
      ? new CachedReads(database.db, database.readCacheEpochs, { maxEntries: config.readCacheEntries, ttlMs: READ_CACHE_TTL_MS })
      : CachedReads.disabled(database.db),
  };
  return { deps, appliedMigrations, close: () => database.close() };
}
