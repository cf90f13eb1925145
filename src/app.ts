import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Clock } from './domain/clock.ts';
import type { Deps } from './deps.ts';
import { buildHttpServer } from './http/server.ts';
import { createLogger } from './logger.ts';
import { createAppMetrics } from './metrics/app-metrics.ts';
import { openInstance } from './open-instance.ts';

export interface App {
  deps: Deps;
  http: FastifyInstance;
  close(): Promise<void>;
}

export interface AppOptions {
  clock?: Clock;
  log?: Logger;
  /** Create root when missing, as the server does at start (tests make their own root). */
  bootstrap?: boolean;
}

/** Builds the whole service without listening; tests use it with inject() or listen on port 0. */
export async function buildApp(config: Config, options: AppOptions = {}): Promise<App> {
  const log = options.log ?? createLogger(config.logLevel);
  const instance = await openInstance(config, {
    log,
    readCache: true,
    bootstrap: options.bootstrap ?? false,
    ...(options.clock && { clock: options.clock }),
  });
  const { deps } = instance;
  deps.metrics = createAppMetrics({ db: deps.db, clock: deps.clock, log, cachedReads: deps.cachedReads, pool: instance.pool });
  const http = await buildHttpServer(deps);
  return {
    deps: instance.deps,
    http,
    async close() {
      await http.close();
      await instance.close();
    },
  };
}
