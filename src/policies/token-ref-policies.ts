import { refPatternMatches } from './protection-policies.ts';

/**
 * A token limited to `allowedRefs` (full ref patterns with `*`: `refs/heads/renovate/*`) may update
 * only the refs one of them matches. Answers the first of `refs` it may not update, or null when
 * it may update them all (no limit: every ref; protected branches and tags still apply).
 */
export function refOutsideTokenScope(allowedRefs: readonly string[] | null, refs: readonly string[]): string | null {
  if (allowedRefs === null) return null;
  return refs.find((ref) => !allowedRefs.some((pattern) => refPatternMatches(pattern, ref))) ?? null;
}
