import { isActiveToken } from '../../domain/active-token.ts';
import { utcDate } from '../../domain/clock.ts';
import { rejected, type AppError } from '../../domain/errors.ts';
import { formatProjectPath } from '../../domain/project-ref.ts';
import { tokenDigest } from '../../domain/token-format.ts';
import { findTokenCandidates } from '../../domain/token-scan.ts';
import { findActiveTokensByDigests, type ActiveTokenHolder } from '../../db/repositories/tokens.ts';
import type { Deps } from '../../deps.ts';

/** Digests asked for in one query: one query for a push unless it carries more candidates than this. */
const DIGESTS_PER_QUERY = 500;

/**
 * The first candidate (in the order found) that is an active token of this instance, with where it
 * was found: its HMAC digest under the instance secret, as authentication computes it, looked up
 * among active tokens. Unknown, revoked and expired tokens are ignored, so a push learns nothing
 * about a string it does not already hold as a working token.
 */
export async function firstActiveToken<Site>(deps: Deps, candidates: ReadonlyMap<string, Site>): Promise<{ holder: ActiveTokenHolder; site: Site } | null> {
  const digests = new Map<string, Site>();
  for (const [candidate, site] of candidates) digests.set(tokenDigest(deps.secret, candidate), site);
  const now = deps.clock.now();
  const active = new Map<string, ActiveTokenHolder>();
  const all = [...digests.keys()];
  for (let at = 0; at < all.length; at += DIGESTS_PER_QUERY) {
    for (const holder of await findActiveTokensByDigests(deps.db, all.slice(at, at + DIGESTS_PER_QUERY), utcDate(now))) {
      if (isActiveToken(holder, now)) active.set(holder.digest, holder);
    }
  }
  for (const [digest, site] of digests) {
    const holder = active.get(digest);
    if (holder) return { holder, site };
  }
  return null;
}

/** The refusal: it names the token (by name), its project or user, the file and the commit; never the token. */
export function leakedToken(holder: ActiveTokenHolder, path: string, commit: string): AppError {
  const whose =
    holder.namespace_path !== null && holder.project_path !== null
      ? `project ${formatProjectPath({ namespace: holder.namespace_path, project: holder.project_path })}`
      : `user ${holder.username}`;
  return rejected(`Latchkey found an active access token ("${holder.name}", ${whose}) in ${path} at ${commit}; remove it from the history and revoke it.`);
}

/**
 * Push protection for an API commit (files API, commits API): the new contents are in memory
 * already, so they are scanned before the commit is built, and an active token refuses the
 * write (400) naming the file and "the new commit". Off with LATCHKEY_PUSH_PROTECTION=false.
 */
export async function refuseTokensInContents(deps: Deps, files: readonly { path: string; content?: Buffer }[]): Promise<void> {
  if (!deps.config.pushProtection) return;
  const candidates = new Map<string, string>();
  for (const file of files) {
    if (file.content === undefined) continue;
    for (const candidate of findTokenCandidates(deps.config.tokenPrefix, file.content)) {
      if (!candidates.has(candidate)) candidates.set(candidate, file.path);
    }
  }
  if (candidates.size === 0) return;
  const leak = await firstActiveToken(deps, candidates);
  if (leak) throw leakedToken(leak.holder, leak.site, 'the new commit');
}
