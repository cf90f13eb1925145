import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { systemClock } from '../domain/clock.ts';
import type { Deps } from '../deps.ts';
import { randomSecret, readOrCreateSecretFile } from '../instance-files.ts';
import { createLogger } from '../logger.ts';
import { ReadCache } from '../db/read-cache.ts';
import pino from 'pino';

/** The same Deps the server builds, for one CLI invocation (logs go to stderr). */
export async function buildCliDeps(): Promise<{ deps: Deps; close(): Promise<void> }> {
  const config = loadConfig();
  const secret = config.secret ?? readOrCreateSecretFile(config.dataDir, 'secret', randomSecret);
  const database = openDatabase(config.database);
  await migrateToLatest(database.db);
  const log = createLogger(process.env.LATCHKEY_LOG_LEVEL ?? 'warn', pino.destination(2));
  return {
    // One command, few lookups: no cache. (Its writes reach the servers' caches through the auth epoch.)
    deps: {
      db: database.db,
      dialect: database.dialect,
      clock: systemClock,
      config,
      secret,
      log,
      readCache: ReadCache.disabled(),
    },
    close: () => database.close(),
  };
}
