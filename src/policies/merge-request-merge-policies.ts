import type { MergeRequestRow } from '../db/schema.ts';
import { type BranchRule, matchingRules, type Pusher, reachesLevel } from './protection-policies.ts';

/**
 * Accepting and approving merge requests, as GitLab decides them (the caller already holds
 * Developer+ push rights where it says so).
 */

/** Whether `pusher` may merge into `branch`: unprotected, or a matching rule's merge level reached (GitLab's can_be_merged_by?). */
export function canMergeToBranch(rules: readonly (BranchRule & { mergeAccessLevel: number })[], branch: string, pusher: Pusher): boolean {
  const matching = matchingRules(rules, branch);
  return matching.length === 0 || matching.some((rule) => reachesLevel(pusher, rule.mergeAccessLevel));
}

/** GitLab's draft prefixes (`Draft:`, `[Draft]`, `(Draft)`, and the older `WIP:`/`[WIP]`). */
const DRAFT = /^\s*(\[draft\]|\(draft\)|draft:|draft\s+-|\[wip\]|wip:)/i;

export const isDraftTitle = (title: string): boolean => DRAFT.test(title);

/** Whether a merge request may be accepted now, as far as its own state goes: open, not a draft, no conflicts. */
export function isMergeable(mergeRequest: Pick<MergeRequestRow, 'state' | 'title' | 'merge_status' | 'has_conflicts'>): boolean {
  return mergeRequest.state === 'opened' && !isDraftTitle(mergeRequest.title) && mergeRequest.merge_status === 'can_be_merged' && !mergeRequest.has_conflicts;
}

/** Who may approve: anyone with push rights (Developer+), the author included (GitLab's default), once. */
export const canApproveMergeRequest = (input: { canPush: boolean; state: string; alreadyApproved: boolean }): boolean =>
  input.canPush && input.state === 'opened' && !input.alreadyApproved;
