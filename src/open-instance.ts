import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { openDatabase, type OpenDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { CachedReads } from './db/cached-reads.ts';
import { systemClock, type Clock } from './domain/clock.ts';
import type { Deps } from './deps.ts';
import { PushHookGateway } from './git/push-hooks.ts';
import { NO_METRICS } from './domain/metrics.ts';
import { NO_TOKEN_ACTIVITY, TokenActivityBuffer } from './db/token-activity-buffer.ts';
import { makePrivateDataDir, randomSecret, readOrCreateSecretFile } from './instance-files.ts';
import { bootstrapInstance, type RootCreated } from './services/users/bootstrap-instance.ts';

/** A safety net only: correctness rests on the epochs (src/db/read-cache.ts). */
const READ_CACHE_TTL_MS = 60_000;

export interface OpenInstance {
  deps: Deps;
  /** The migrations this call applied, in order (empty when the database was up to date). */
  appliedMigrations: string[];
  /** Root, when this call created it (only with `bootstrap`: the instance had never been opened). */
  rootCreated: RootCreated | null;
  /** PostgreSQL's connection pool, for the server's metrics; null on SQLite. */
  pool: OpenDatabase['pool'];
  close(): Promise<void>;
}

export interface OpenOptions {
  log: Logger;
  clock?: Clock;
  readCache: boolean;
  /** Create root when missing (services/users/bootstrap-instance.ts): the server at start and every CLI command do. */
  bootstrap: boolean;
}

/**
 * Opens an instance the one way the server and the CLI share: the instance secret
 * (LATCHKEY_SECRET, else generated once into the data dir), the database, its pending
 * migrations, then (with `bootstrap`) the admin user root when missing.
 */
export async function openInstance(config: Config, options: OpenOptions): Promise<OpenInstance> {
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
  // Nothing is recorded when retention is 0 days; the CLI never authenticates a token, so its buffer stays empty.
  const tokenActivity = config.tokenActivityDays > 0 ? new TokenActivityBuffer(database.db, options.log) : NO_TOKEN_ACTIVITY;
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
    pushHooks: new PushHookGateway(config.dataDir, options.log),
    tokenActivity,
    metrics: NO_METRICS,
  };
  let rootCreated: RootCreated | null = null;
  try {
    if (options.bootstrap) rootCreated = await bootstrapInstance(deps);
  } catch (error) {
    await database.close();
    throw error;
  }
  return {
    deps,
    appliedMigrations,
    rootCreated,
    pool: database.pool,
    async close() {
      await deps.pushHooks.close();
      await tokenActivity.close();
      await database.close();
    },
  };
}
