import type { KnownToken } from '../db/cached-reads.ts';
import type { TokenUse } from '../db/repositories/tokens.ts';
import type { TokenRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';

const LAST_USED_INTERVAL_MS = 10 * 60 * 1000;
const LAST_USED_IPS_INTERVAL_MS = 60 * 1000;
const MAX_IPS = 5;

function olderThan(timestamp: string | null, now: Date, ms: number): boolean {
  return timestamp === null || now.getTime() - Date.parse(timestamp) >= ms;
}

/** What is due for a write now; null in the common case (a busy token used a moment ago). */
function dueChanges(token: TokenRow, ip: string | null, now: Date): TokenUse | null {
  const changes: TokenUse = {};
  let due = false;
  if (olderThan(token.last_used_at, now, LAST_USED_INTERVAL_MS)) {
    changes.last_used_at = now.toISOString();
    due = true;
  }
  if (ip !== null && olderThan(token.last_used_ips_at, now, LAST_USED_IPS_INTERVAL_MS)) {
    const ips = (JSON.parse(token.last_used_ips) as string[]).filter((known) => known !== ip);
    ips.push(ip);
    changes.last_used_ips = JSON.stringify(ips.slice(-MAX_IPS));
    changes.last_used_ips_at = now.toISOString();
    due = true;
  }
  return due ? changes : null;
}

async function write(deps: Deps, token: KnownToken, changes: TokenUse): Promise<void> {
  try {
    // Also keeps the cached copy current, so the throttle holds.
    await deps.cachedReads.recordTokenUse(token, changes);
  } catch (error) {
    deps.log.warn({ err: error, tokenId: token.token.id }, 'could not record token use');
  }
}

/**
 * `last_used_at` at most every 10 minutes, the last 5 distinct IPs at most every minute, so a busy
 * token costs a write only now and then (and no promise otherwise). A failed write never fails
 * the request.
 */
export function recordTokenUse(deps: Deps, token: KnownToken, ip: string | null, now: Date): Promise<void> | undefined {
  const changes = dueChanges(token.token, ip, now);
  return changes === null ? undefined : write(deps, token, changes);
}
