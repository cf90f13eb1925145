import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { ReadCache } from './db/read-cache.ts';
import { systemClock, type Clock } from './domain/clock.ts';
import type { Deps } from './deps.ts';
import { buildHttpServer } from './http/server.ts';
import { randomSecret, readOrCreateSecretFile } from './instance-files.ts';
import { createLogger } from './logger.ts';

/** A safety net only: correctness rests on the auth epoch (src/db/read-cache.ts). */
const READ_CACHE_TTL_MS = 60_000;

export interface App {
  deps: Deps;
  http: FastifyInstance;
  close(): Promise<void>;
}

export interface AppOptions {
  clock?: Clock;
  log?: Logger;
  /** Run migrations on open (the default; `latchkey migrate` runs them alone). */
  migrate?: boolean;
}

/** Builds the whole service without listening; tests use it with inject() or listen on port 0. */
export async function buildApp(config: Config, options: AppOptions = {}): Promise<App> {
  const log = options.log ?? createLogger(config.logLevel);
  const secret = config.secret ?? readOrCreateSecretFile(config.dataDir, 'secret', randomSecret);
  const database = openDatabase(config.database);
  try {
    if (options.migrate !== false) await migrateToLatest(database.db);
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
    log,
    readCache: new ReadCache(database.readAuthEpoch, { maxEntries: config.readCacheEntries, ttlMs: READ_CACHE_TTL_MS }),
  };
  const http = await buildHttpServer(deps);
  return {
    deps,
    http,
    async close() {
      await http.close();
      await database.close();
    },
  };
}
