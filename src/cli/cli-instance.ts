import pino from 'pino';
import { loadConfig } from '../config.ts';
import type { Deps } from '../deps.ts';
import { createLogger } from '../logger.ts';
import { openInstance } from '../open-instance.ts';
import { bootstrapInstance, type RootCreated } from '../services/bootstrap-instance.ts';

export interface CliInstance {
  deps: Deps;
  /** The migrations this invocation applied (`latchkey migrate` reports them). */
  appliedMigrations: string[];
  /** Root, when this invocation created it (the instance had never been opened). */
  rootCreated: RootCreated | null;
  close(): Promise<void>;
}

/**
 * The instance as the server opens it, for one CLI invocation: same migrations, secret and root
 * bootstrap, so every command works before the server ever ran. Logs go to stderr, warnings only
 * unless LATCHKEY_LOG_LEVEL says otherwise.
 */
export async function openCliInstance(): Promise<CliInstance> {
  const config = loadConfig();
  const log = createLogger(process.env.LATCHKEY_LOG_LEVEL ? config.logLevel : 'warn', pino.destination(2));
  // One command, few lookups: no read cache. (Its writes reach the servers' caches through the auth epoch.)
  const instance = await openInstance(config, { log, readCache: false });
  try {
    const rootCreated = await bootstrapInstance(instance.deps);
    return { ...instance, rootCreated };
  } catch (error) {
    await instance.close();
    throw error;
  }
}
