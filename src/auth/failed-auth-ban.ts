import { BlockList, isIPv6 } from 'node:net';
import { AppError } from '../domain/errors.ts';
import type { Deps } from '../deps.ts';
import { clearAuthFailures, countAuthFailure, findAuthFailures } from '../db/repositories/auth-failures.ts';

/**
 * GitLab's failed-authentication ban for Git (HTTP and SSH), the registry token endpoint and web
 * sign-in: too many failures from one IP within the window → every attempt refused for the ban
 * time. Counters live in the database, so every node sees them. Trusted proxies are never banned.
 */
const CREDENTIAL_FAILURES = new Set(['unauthorized', 'token_expired', 'token_revoked']);

const trustedLists = new WeakMap<string[], BlockList>();

function isTrusted(deps: Deps, ip: string): boolean {
  const proxies = deps.config.trustedProxies;
  if (proxies.length === 0) return false;
  let list = trustedLists.get(proxies);
  if (!list) {
    list = new BlockList();
    for (const entry of proxies) {
      const [address, prefix] = entry.split('/');
      const type = isIPv6(address!) ? 'ipv6' : 'ipv4';
      if (prefix === undefined) list.addAddress(address!, type);
      else list.addSubnet(address!, Number(prefix), type);
    }
    trustedLists.set(proxies, list);
  }
  return list.check(ip, isIPv6(ip) ? 'ipv6' : 'ipv4');
}

function enabled(deps: Deps, ip: string | null): ip is string {
  return ip !== null && deps.config.authBan.maxFailures > 0 && !isTrusted(deps, ip);
}

/** Throws `banned` while the IP is banned; says whether it has failures on record. */
export async function assertNotBanned(deps: Deps, ip: string | null): Promise<{ hasFailures: boolean }> {
  if (!enabled(deps, ip)) return { hasFailures: false };
  const row = await findAuthFailures(deps.db, ip);
  if (row?.banned_until && row.banned_until > deps.clock.now().toISOString()) {
    throw new AppError('banned', 'Too many failed authentication attempts from this address');
  }
  return { hasFailures: row !== undefined };
}

export async function recordAuthFailure(deps: Deps, ip: string | null): Promise<void> {
  if (!enabled(deps, ip)) return;
  const now = deps.clock.now();
  const { maxFailures, windowSeconds, banSeconds } = deps.config.authBan;
  await countAuthFailure(
    deps.db,
    ip,
    now.toISOString(),
    new Date(now.getTime() - windowSeconds * 1000).toISOString(),
    maxFailures,
    new Date(now.getTime() + banSeconds * 1000).toISOString(),
  );
}

export async function recordAuthSuccess(deps: Deps, ip: string | null): Promise<void> {
  if (!enabled(deps, ip)) return;
  await clearAuthFailures(deps.db, ip);
}

/**
 * Runs an authentication attempt under the ban: refused at once while banned, a credential
 * failure counts, a success resets. Only call this for an attempt that presented a credential:
 * git's first, credential-less request is not a failed login.
 */
export async function withFailedAuthBan<T>(deps: Deps, ip: string | null, attempt: () => Promise<T>): Promise<T> {
  const { hasFailures } = await assertNotBanned(deps, ip);
  try {
    const result = await attempt();
    // Only an address with failures on record pays a write on success.
    if (hasFailures) await recordAuthSuccess(deps, ip);
    return result;
  } catch (error) {
    if (error instanceof AppError && CREDENTIAL_FAILURES.has(error.code)) await recordAuthFailure(deps, ip);
    throw error;
  }
}
