import { pruneTokenActivityBatch } from '../../db/repositories/token-activity.ts';
import type { Deps } from '../../deps.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Rows one delete removes at most: no single statement holds its lock for long. */
const BATCH = 1000;

/**
 * Removes token activity older than LATCHKEY_TOKEN_ACTIVITY_DAYS (all of it when 0: nothing is
 * recorded then), a bounded batch per statement until none is left. Safe on many nodes at once.
 */
export async function pruneTokenActivity(deps: Deps, options: { batch?: number } = {}): Promise<number> {
  const batch = options.batch ?? BATCH;
  const before = new Date(deps.clock.now().getTime() - deps.config.tokenActivityDays * DAY_MS).toISOString();
  let removed = 0;
  for (;;) {
    const count = await pruneTokenActivityBatch(deps.db, before, batch);
    removed += count;
    if (count < batch) return removed;
  }
}
