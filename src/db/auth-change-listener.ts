import pg from 'pg';
import type { Logger } from 'pino';

/**
 * Keeps a LISTEN on `latchkey_auth` open (see the 2026-11-30T07 migration) and reports every
 * notification. While the connection is down, `onAvailability(false)` lets the caller stop trusting
 * its cache; it reconnects with backoff and reports `true` once listening again.
 */
export function listenForAuthChanges(
  url: string,
  log: Logger,
  handlers: { onChange(): void; onAvailability(listening: boolean): void },
): { stop(): Promise<void> } {
  let client: pg.Client | null = null;
  let stopped = false;
  let retryMs = 250;
  let timer: NodeJS.Timeout | null = null;

  const reconnectLater = () => {
    handlers.onAvailability(false);
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, retryMs);
    timer.unref();
    retryMs = Math.min(retryMs * 2, 5000);
  };

  const connect = async () => {
    const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    next.on('notification', () => handlers.onChange());
    next.on('error', (error) => {
      log.warn({ err: error }, 'lost the auth change listener; token cache off until it is back');
      void next.end().catch(() => {});
      if (client === next) client = null;
      reconnectLater();
    });
    try {
      await next.connect();
      await next.query('LISTEN latchkey_auth');
      if (stopped) {
        await next.end();
        return;
      }
      client = next;
      retryMs = 250;
      handlers.onAvailability(true);
    } catch (error) {
      log.warn({ err: error }, 'could not start the auth change listener; retrying');
      void next.end().catch(() => {});
      reconnectLater();
    }
  };

  void connect();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => {});
    },
  };
}
