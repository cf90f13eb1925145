import { BlockList, isIPv6 } from 'node:net';
import { AppError } from '../domain/errors.ts';
import type { Deps } from '../deps.ts';
import { clearAuthFailuresOfLogin, countAuthFailure, findAuthFailures } from '../db/repositories/auth-failures.ts';

/**
 * GitLab's failed-authentication ban for Git (HTTP and SSH), the registry token endpoint and web
 * sign-in: too many failures from one IP within the (sliding) window → every attempt refused for
 * the ban time. Failures are kept per address and login, so a human's successful login forgets
 * only the failures against that login: holding one valid account never resets the guessing of
 * others. Counters live in the database, so every node sees them. Trusted proxies are never banned.
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

/** The login a failure is kept under: case and surrounding blanks do not make another one. */
function loginKey(login: string | null): string {
  return (login ?? '').trim().toLowerCase().slice(0, 255);
}

function windowStart(deps: Deps, now: Date): string {
  return new Date(now.getTime() - deps.config.authBan.windowSeconds * 1000).toISOString();
}

/** Counts one failed attempt from `ip` (against `login`, null when it named none, e.g. a token). */
export async function recordAuthFailure(deps: Deps, ip: string | null, login: string | null = null): Promise<void> {
  if (!enabled(deps, ip)) return;
  const now = deps.clock.now();
  const { maxFailures, banSeconds } = deps.config.authBan;
  await countAuthFailure(
    deps.db,
    { ip, login: loginKey(login) },
    now.toISOString(),
    windowStart(deps, now),
    maxFailures,
    new Date(now.getTime() + banSeconds * 1000).toISOString(),
  );
}

/** A human signed in as `login` from `ip`: the failures against that login, and only those, are forgotten. */
export async function recordAuthSuccess(deps: Deps, ip: string | null, login: string): Promise<void> {
  if (!enabled(deps, ip)) return;
  const now = deps.clock.now();
  await clearAuthFailuresOfLogin(deps.db, { ip, login: loginKey(login) }, now.toISOString(), windowStart(deps, now));
}

/**
 * Runs an authentication attempt under the ban: refused at once while banned, a credential
 * failure counts. `login` is the login a password attempt tried (null for a token or a key): its
 * success forgets the failures against that login only; any other success forgets nothing. Only
 * call this for an attempt that presented a credential: git's first, credential-less request is
 * not a failed login.
 */
export async function withFailedAuthBan<T>(deps: Deps, ip: string | null, attempt: () => Promise<T>, login: string | null = null): Promise<T> {
  const { hasFailures } = await assertNotBanned(deps, ip);
  try {
    const result = await attempt();
    // Only an address with failures on record pays a write on success.
    if (hasFailures && login !== null) await recordAuthSuccess(deps, ip, login);
    return result;
  } catch (error) {
    if (error instanceof AppError && CREDENTIAL_FAILURES.has(error.code)) await recordAuthFailure(deps, ip, login);
    throw error;
  }
}
