import pino from 'pino';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { openInstance, type OpenInstance } from '../open-instance.ts';

/**
 * The instance as the server opens it, for one CLI invocation: same migrations, secret and root
 * bootstrap, so every command works before the server ever ran. Logs go to stderr, warnings only
 * unless LATCHKEY_LOG_LEVEL says otherwise.
 */
export function openCliInstance(): Promise<OpenInstance> {
  const config = loadConfig();
  const log = createLogger(process.env.LATCHKEY_LOG_LEVEL ? config.logLevel : 'warn', pino.destination(2));
  // One command, few lookups: no read cache. (Its writes reach the servers' caches through the epochs.)
  return openInstance(config, { log, readCache: false, bootstrap: true });
}
