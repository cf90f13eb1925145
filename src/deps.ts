import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import type { Clock } from './domain/clock.ts';
import type { ReadCache } from './db/read-cache.ts';

/** Everything a service needs from the outside world, built once in app.ts. */
export interface Deps {
  db: Db;
  dialect: 'sqlite' | 'postgres';
  clock: Clock;
  config: Config;
  /** The instance secret that keys token digests. */
  secret: string;
  log: Logger;
  /** Hot reads kept while the auth epoch stands still (src/db/read-cache.ts). */
  readCache: ReadCache;
}
