import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import type { Clock } from './domain/clock.ts';
import type { CachedReads } from './db/cached-reads.ts';
import type { PushHookGateway } from './git/push-hooks.ts';
import type { TokenActivityRecorder } from './domain/token-activity.ts';
import type { MetricsRecorder } from './domain/metrics.ts';

/** Everything a service needs from the outside world, built once in app.ts. */
export interface Deps {
  db: Db;
  dialect: 'sqlite' | 'postgres';
  clock: Clock;
  config: Config;
  /** The instance secret that keys token digests. */
  secret: string;
  log: Logger;
  /** Hot reads kept in memory while nothing they depend on changed (src/db/cached-reads.ts). */
  cachedReads: CachedReads;
  /** Where this node's git hooks ask about a push (a loopback listener, started by the first push). */
  pushHooks: PushHookGateway;
  /**
   * This node's outbox delivery, when it runs one (src/main.ts starts it): after committing a change
   * that queued webhooks or mail, `deps.outbox?.wake()` sends them now instead of at the next poll.
   */
  outbox?: { wake(): void };
  /** Each authenticated use of a token, buffered and written in batches (src/db/token-activity-buffer.ts). */
  tokenActivity: TokenActivityRecorder;
  /** This node's Prometheus metrics (src/metrics/app-metrics.ts in the server; none in the CLI). */
  metrics: MetricsRecorder;
}
