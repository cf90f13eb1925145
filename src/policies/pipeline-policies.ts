import { canCreateTag, canPushToBranch, matchingRules, reachesLevel, type BranchRule, type Pusher, type TagRule } from './protection-policies.ts';

/**
 * Reporting a status into a pipeline (GitLab's update_pipeline): on a protected ref, only who may
 * update it (push or merge to the branch, create the tag); an unprotected ref, any Developer.
 */
export function canReportStatusOnRef(
  rules: { branches: readonly (BranchRule & { mergeAccessLevel: number })[]; tags: readonly TagRule[] },
  ref: { name: string; tag: boolean },
  pusher: Pusher,
): boolean {
  if (ref.tag) return canCreateTag(rules.tags, ref.name, pusher);
  return canPushToBranch(rules.branches, ref.name, pusher) || matchingRules(rules.branches, ref.name).some((rule) => reachesLevel(pusher, rule.mergeAccessLevel));
}
