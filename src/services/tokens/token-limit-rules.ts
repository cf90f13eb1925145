import { fieldErrors } from '../../domain/errors.ts';
import { MAX_ALLOWED_IPS, normalizeAllowedIp } from '../../domain/ip-allowlist.ts';
import { parseTokenLimit, storedTokenLimit } from '../../domain/token-limits.ts';
import { isValidRefName } from '../../git/ref-name.ts';
import type { TokenRow } from '../../db/schema.ts';

/** The most ref patterns a token may be limited to. */
export const MAX_ALLOWED_REFS = 32;

/**
 * A token's limits as a caller asks for them: a list sets the limit, an empty list (or null)
 * lifts it, undefined leaves it as it is.
 */
export interface TokenLimitsInput {
  allowedIps?: readonly string[] | null;
  allowedRefs?: readonly string[] | null;
}

/** The columns to write: only those the input names. */
export type TokenLimitColumns = Partial<Pick<TokenRow, 'allowed_ips' | 'allowed_refs'>>;

/**
 * A full ref pattern: starts with `refs/`, and is a valid ref name once each `*` is read as a
 * character (`refs/heads/renovate/*`, `refs/tags/v*`).
 */
export function isValidRefPattern(pattern: string): boolean {
  return pattern.startsWith('refs/') && isValidRefName(pattern.replaceAll('*', 'x'));
}

function checkedList(name: 'allowed_ips' | 'allowed_refs', list: readonly string[], normalize: (entry: string) => string | null, problem: (entry: string) => string): string[] {
  const entries = [...new Set(list.map((entry) => entry.trim()).filter((entry) => entry !== ''))];
  const max = name === 'allowed_ips' ? MAX_ALLOWED_IPS : MAX_ALLOWED_REFS;
  if (entries.length > max) throw fieldErrors({ [name]: [`is too long (maximum is ${max} entries)`] });
  const normalized = entries.map((entry) => normalize(entry) ?? entry);
  const bad = entries.filter((entry) => normalize(entry) === null);
  if (bad.length > 0) throw fieldErrors({ [name]: bad.map(problem) });
  return [...new Set(normalized)];
}

/** Validates and normalizes the requested limits into the columns to write; GitLab-shaped field errors otherwise. */
export function checkedTokenLimits(input: TokenLimitsInput): TokenLimitColumns {
  const columns: TokenLimitColumns = {};
  if (input.allowedIps !== undefined) {
    const list = checkedList('allowed_ips', input.allowedIps ?? [], normalizeAllowedIp, (entry) => `has an entry that is not an IP address or CIDR range: ${entry}`);
    columns.allowed_ips = storedTokenLimit(list);
  }
  if (input.allowedRefs !== undefined) {
    const list = checkedList(
      'allowed_refs',
      input.allowedRefs ?? [],
      (entry) => (isValidRefPattern(entry) ? entry : null),
      (entry) => `has an entry that is not a full ref pattern (such as refs/heads/renovate/* or refs/tags/v*): ${entry}`,
    );
    columns.allowed_refs = storedTokenLimit(list);
  }
  return columns;
}

/** A limit as audit messages print it. */
export function describeLimit(stored: string | null | undefined): string {
  const list = parseTokenLimit(stored ?? null);
  return list === null ? 'none' : `[${list.join(', ')}]`;
}
