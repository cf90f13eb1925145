import type { Deps } from '../deps.ts';

export interface PeriodicJob {
  /** Stops the timer and waits for a run in progress, so the database can be closed after. */
  stop(): Promise<void>;
}

/**
 * Runs `work` every `intervalMs` (the first time after `firstRunAfterMs`), one run at a time. The
 * timer is unref'd, so it never keeps the process alive; a failed run is logged and the next one
 * tries again.
 */
export function startPeriodicJob(
  deps: Deps,
  name: string,
  work: () => Promise<unknown>,
  options: { intervalMs: number; firstRunAfterMs: number },
): PeriodicJob {
  let running: Promise<void> | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout;

  const run = () => {
    running = work()
      .then(() => undefined)
      .catch((error: unknown) => deps.log.error({ err: error }, `${name} failed`))
      .finally(() => {
        running = null;
        if (!stopped) schedule(options.intervalMs);
      });
  };
  const schedule = (ms: number) => {
    timer = setTimeout(run, ms);
    timer.unref();
  };
  schedule(options.firstRunAfterMs);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      if (running) await running;
    },
  };
}
