import { AccessLevel } from '../domain/access-levels.ts';

/**
 * Protected branches and tags, as GitLab decides them. A rule names a branch or tag exactly, or
 * with `*` wildcards (any run of characters, `/` included). When several rules match, the most
 * permissive wins: push (and force push) is allowed when any matching rule allows it.
 */

/** 0: no one, 30: Developers + Maintainers, 40: Maintainers, 60: admins. */
export const PROTECTION_LEVELS = [0, 30, 40, 60] as const;
export type ProtectionLevel = (typeof PROTECTION_LEVELS)[number];
export const ADMIN_ONLY = 60;

export const PROTECTION_LEVEL_DESCRIPTIONS: Record<number, string> = {
  0: 'No one',
  30: 'Developers + Maintainers',
  40: 'Maintainers',
  60: 'Administrators',
};

export interface BranchRule {
  name: string;
  pushAccessLevel: number;
  allowForcePush: boolean;
}

export interface TagRule {
  name: string;
  createAccessLevel: number;
}

/** Who is pushing: their level on the project (admins count as Owner) and whether they are an admin. */
export interface Pusher {
  level: number;
  isAdmin: boolean;
}

/** `api` writes come from GitLab's "web" side (Maintainers may delete there); `git` is a push. */
export type RefSource = 'api' | 'git';

export type RefKind = 'create' | 'update' | 'delete';

/** Why a ref update is refused; each adapter words it (GitLab's messages differ by source). */
export type RefRefusal =
  | 'push_protected_branch'
  | 'create_protected_branch'
  | 'force_push_protected_branch'
  | 'delete_default_branch'
  | 'delete_protected_branch_role'
  | 'delete_protected_branch_git'
  | 'update_protected_tag'
  | 'delete_protected_tag_role'
  | 'delete_protected_tag_git'
  | 'create_protected_tag';

export function wildcardPattern(pattern: string): boolean {
  return pattern.includes('*');
}

/** GitLab's ref matcher: an exact name matches itself; `*` matches any run of characters. */
export function refPatternMatches(pattern: string, name: string): boolean {
  if (!wildcardPattern(pattern)) return pattern === name;
  const parts = pattern.split('*');
  if (!name.startsWith(parts[0]!)) return false;
  let position = parts[0]!.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const found = name.indexOf(parts[i]!, position);
    if (found < 0) return false;
    position = found + parts[i]!.length;
  }
  const last = parts[parts.length - 1]!;
  return name.length - last.length >= position && name.endsWith(last);
}

export function matchingRules<T extends { name: string }>(rules: readonly T[], name: string): T[] {
  return rules.filter((rule) => refPatternMatches(rule.name, name));
}

/** Whether someone at `pusher` reaches a protection level: 0 is no one, 60 admins only; admins count as Maintainers. */
export function reachesLevel(pusher: Pusher, required: number): boolean {
  if (required === AccessLevel.NoAccess) return false;
  if (required === ADMIN_ONLY) return pusher.isAdmin;
  return pusher.isAdmin || pusher.level >= required;
}

/** Whether the pusher may push to `branch` (for the branch entity's `can_push` too); unprotected: yes. */
export function canPushToBranch(rules: readonly BranchRule[], branch: string, pusher: Pusher): boolean {
  const matching = matchingRules(rules, branch);
  return matching.length === 0 || matching.some((rule) => reachesLevel(pusher, rule.pushAccessLevel));
}

/**
 * One branch update (the caller already holds Developer+ push rights): null when allowed. A
 * protected branch is never deleted by a push (Maintainers may through the API), never
 * force-pushed unless a matching rule allows it, and pushed to at its push level. The default
 * branch is never deleted.
 */
export function decideBranchUpdate(input: {
  rules: readonly BranchRule[];
  branch: string;
  defaultBranch: string;
  kind: RefKind;
  forced: boolean;
  pusher: Pusher;
  source: RefSource;
}): RefRefusal | null {
  const { kind, pusher } = input;
  if (kind === 'delete' && input.branch === input.defaultBranch) return 'delete_default_branch';
  const matching = matchingRules(input.rules, input.branch);
  if (matching.length === 0) return null;
  if (kind === 'update' && input.forced && !matching.some((rule) => rule.allowForcePush)) return 'force_push_protected_branch';
  if (kind === 'delete') {
    if (!reachesLevel(pusher, AccessLevel.Maintainer)) return 'delete_protected_branch_role';
    return input.source === 'git' ? 'delete_protected_branch_git' : null;
  }
  if (matching.some((rule) => reachesLevel(pusher, rule.pushAccessLevel))) return null;
  return kind === 'create' ? 'create_protected_branch' : 'push_protected_branch';
}

/**
 * One tag update (the caller already holds Developer+ push rights, which move and delete
 * unprotected tags, as GitLab's admin_tag): null when allowed. A protected tag is created at its
 * create level only, never moved, and deleted only by a Maintainer through the API.
 */
export function decideTagUpdate(input: {
  rules: readonly TagRule[];
  tag: string;
  kind: RefKind;
  pusher: Pusher;
  source: RefSource;
}): RefRefusal | null {
  const { kind, pusher } = input;
  const matching = matchingRules(input.rules, input.tag);
  if (matching.length === 0) return null;
  if (kind === 'update') return 'update_protected_tag';
  if (kind === 'delete') {
    if (!reachesLevel(pusher, AccessLevel.Maintainer)) return 'delete_protected_tag_role';
    return input.source === 'git' ? 'delete_protected_tag_git' : null;
  }
  return canCreateTag(matching, input.tag, pusher) ? null : 'create_protected_tag';
}

/** Whether someone at `pusher` may create `tag` (GitLab's can_create_tag?, which also guards the tag's release); unprotected: yes. */
export function canCreateTag(rules: readonly TagRule[], tag: string, pusher: Pusher): boolean {
  const matching = matchingRules(rules, tag);
  return matching.length === 0 || matching.some((rule) => reachesLevel(pusher, rule.createAccessLevel));
}

/** Protecting and unprotecting branches and tags, and reading the rules: Maintainers (GitLab's admin_project). */
export const canManageProtectedRefs = (facts: { level: number }): boolean => facts.level >= AccessLevel.Maintainer;
