import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { AuthChangePlugin } from '../db/auth-change-plugin.ts';
import { listenForAuthChanges } from '../db/auth-change-listener.ts';
import type { Db, OpenDatabase } from '../db/database.ts';
import { TokenCache } from './token-cache.ts';

const MAX_ENTRIES = 10_000;
const TTL_MS = 60_000;

/**
 * The token cache with every invalidation source wired: this process's own writes (a Kysely
 * plugin on `db`), other processes on the same SQLite file (data_version), other nodes on
 * PostgreSQL (LISTEN/NOTIFY; the cache stays off whenever the listener is down).
 */
export function createTokenCache(
  database: OpenDatabase,
  config: Config['database'],
  log: Logger,
): { db: Db; cache: TokenCache; stop(): Promise<void> } {
  let lastVersion = database.dataVersion?.();
  const cache = new TokenCache({
    maxEntries: MAX_ENTRIES,
    ttlMs: TTL_MS,
    enabled: config.dialect === 'sqlite',
    changedElsewhere: database.dataVersion
      ? () => {
          const version = database.dataVersion!();
          if (version === lastVersion) return false;
          lastVersion = version;
          return true;
        }
      : undefined,
  });
  const db = database.db.withPlugin(new AuthChangePlugin(() => cache.invalidateAll()));
  if (config.dialect !== 'postgres') return { db, cache, stop: async () => {} };
  const listener = listenForAuthChanges(config.url, log, {
    onChange: () => cache.invalidateAll(),
    onAvailability: (listening) => cache.setEnabled(listening),
  });
  return { db, cache, stop: () => listener.stop() };
}
