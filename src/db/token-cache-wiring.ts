import type { Config } from '../config.ts';
import { AuthChangePlugin } from './auth-change-plugin.ts';
import type { Db, OpenDatabase } from './database.ts';
import { TokenCache } from './token-cache.ts';

const MAX_ENTRIES = 10_000;
const TTL_MS = 60_000;

/**
 * The token cache, on SQLite only, with both of its invalidation sources wired: this process's
 * own writes (a Kysely plugin on `db`) and other processes on the same file (data_version, read
 * on every lookup, so their revocations count from the very next request).
 *
 * PostgreSQL gets no cache: there, other nodes change tokens, and an asynchronous invalidation
 * (LISTEN/NOTIFY) would let a node accept a token for a moment after another node revoked it.
 * A revoked token must be refused everywhere on the very next request, so each request reads.
 */
export function createTokenCache(database: OpenDatabase, config: Config['database']): { db: Db; cache: TokenCache } {
  let lastVersion = database.dataVersion?.();
  const cache = new TokenCache({
    maxEntries: MAX_ENTRIES,
    ttlMs: TTL_MS,
    enabled: config.dialect === 'sqlite' && database.dataVersion !== undefined,
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
  return { db, cache };
}
