import type { Deps } from '../deps.ts';
import { cleanupExpiredBots } from '../services/cleanup-expired-bots.ts';

export interface PeriodicJob {
  /** Stops the timer and waits for a run in progress, so the database can be closed after. */
  stop(): Promise<void>;
}

const HOUR_MS = 60 * 60 * 1000;

/**
 * Removes the bots of long-expired project access tokens every hour (first run shortly after
 * start). The timer is unref'd, so it never keeps the process alive; a failed run is logged and
 * the next one tries again. Every node may run it: the service is safe to run concurrently.
 */
export function startExpiredBotCleanup(deps: Deps, options: { intervalMs?: number; firstRunAfterMs?: number } = {}): PeriodicJob {
  const intervalMs = options.intervalMs ?? HOUR_MS;
  let running: Promise<void> | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout;

  const run = () => {
    running = cleanupExpiredBots(deps)
      .then(() => undefined)
      .catch((error: unknown) => deps.log.error({ err: error }, 'expired bot cleanup failed'))
      .finally(() => {
        running = null;
        if (!stopped) schedule(intervalMs);
      });
  };
  const schedule = (ms: number) => {
    timer = setTimeout(run, ms);
    timer.unref();
  };
  schedule(options.firstRunAfterMs ?? 60_000);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      if (running) await running;
    },
  };
}
