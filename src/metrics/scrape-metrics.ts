import type { Logger } from 'pino';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { CachedReads } from '../db/cached-reads.ts';
import type { Db } from '../db/database.ts';
import { countOutboxByKind, countTokensByState } from '../db/repositories/metric-counts.ts';
import type { Clock } from '../domain/clock.ts';

/** A PostgreSQL pool's figures as `pg.Pool` keeps them (SQLite has no pool). */
export interface PoolFigures {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

export interface ScrapeSources {
  db: Db;
  clock: Clock;
  log: Logger;
  cachedReads: CachedReads;
  pool: PoolFigures | null;
}

/**
 * The metrics read when Prometheus scrapes, never on a request's path: tokens by state and kind and
 * the outbox depth (one grouped query each), the read cache's counters and the database pool.
 * A query that fails leaves its metric without samples for this scrape (and is logged).
 */
export function registerScrapeMetrics(registry: Registry, sources: ScrapeSources): void {
  const registers = [registry];
  const fromDatabase = async (what: string, read: () => Promise<void>) => {
    try {
      await read();
    } catch (error) {
      sources.log.warn({ err: error, metric: what }, 'metrics: a scrape-time query failed');
    }
  };

  new Gauge({
    name: 'latchkey_tokens',
    help: 'Access tokens by kind (personal, project) and state (active, expired, revoked, superseded: past a rotation grace period)',
    labelNames: ['kind', 'state'] as const,
    registers,
    async collect() {
      this.reset();
      await fromDatabase('latchkey_tokens', async () => {
        for (const row of await countTokensByState(sources.db, sources.clock.now())) this.set({ kind: row.kind, state: row.state }, row.count);
      });
    },
  });

  new Gauge({
    name: 'latchkey_outbox_messages',
    help: 'Messages queued in the outbox, not yet delivered, by kind (webhook, email): the queue depth, shared by every node',
    labelNames: ['kind'] as const,
    registers,
    async collect() {
      this.reset();
      await fromDatabase('latchkey_outbox_messages', async () => {
        this.set({ kind: 'webhook' }, 0);
        this.set({ kind: 'email' }, 0);
        for (const row of await countOutboxByKind(sources.db)) this.set({ kind: row.kind }, row.count);
      });
    },
  });

  const cacheCounter = (name: string, help: string, pick: (stats: { hits: number; loads: number }) => number) =>
    new Counter({
      name,
      help,
      labelNames: ['kind'] as const,
      registers,
      collect() {
        this.reset();
        for (const [kind, stats] of Object.entries(sources.cachedReads.stats())) this.inc({ kind }, pick(stats));
      },
    });
  cacheCounter('latchkey_read_cache_hits_total', 'Reads answered from this node\'s read cache, by kind (credentials, projects, members)', (stats) => stats.hits);
  cacheCounter('latchkey_read_cache_misses_total', 'Reads of the read cache that went to the database, by kind', (stats) => stats.loads);

  const pool = sources.pool;
  if (pool === null) return;
  const poolGauge = (name: string, help: string, pick: (figures: PoolFigures) => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(pick(pool));
      },
    });
  poolGauge('latchkey_database_pool_connections', 'PostgreSQL connections this node holds open (busy and idle)', (figures) => figures.totalCount);
  poolGauge('latchkey_database_pool_idle_connections', 'PostgreSQL connections open and idle', (figures) => figures.idleCount);
  poolGauge('latchkey_database_pool_waiting_clients', 'Queries waiting for a PostgreSQL connection (the pool is full)', (figures) => figures.waitingCount);
}
