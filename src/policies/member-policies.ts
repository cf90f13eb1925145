import { AccessLevel } from '../domain/access-levels.ts';
import type { ProjectFacts } from './project-policies.ts';

export const canManageMembers = (facts: ProjectFacts): boolean => facts.level >= AccessLevel.Maintainer;

/**
 * Granting `level`, or changing a member who holds it: a Maintainer may neither grant Owner nor
 * touch an Owner; Owners (and admins) may do both.
 */
export function canAssignLevel(facts: ProjectFacts, level: number): boolean {
  return canManageMembers(facts) && (level < AccessLevel.Owner || facts.level >= AccessLevel.Owner);
}

/** A member as the rules below see them. */
export interface MemberTarget {
  userId: number;
  userType: string;
  level: number;
}

/** Changing a member's role: never a bot's (its token decides), and only within the viewer's reach. */
export function canEditMember(facts: ProjectFacts, target: MemberTarget): boolean {
  return target.userType !== 'project_bot' && canAssignLevel(facts, target.level);
}

/** Removing a member: anyone may leave; a bot leaves only with its token. */
export function canRemoveMember(facts: ProjectFacts, target: MemberTarget): boolean {
  if (target.userType === 'project_bot') return false;
  return facts.actor?.id === target.userId || canAssignLevel(facts, target.level);
}

/** Demoting (`newLevel`) or removing (`newLevel` null) an Owner takes an Owner away. */
export const takesAnOwnerAway = (memberLevel: number, newLevel: number | null): boolean =>
  memberLevel === AccessLevel.Owner && (newLevel === null || newLevel < AccessLevel.Owner);

/** A project keeps at least one Owner: `owners` counts its active Owners, the member included. */
export const keepsAnOwner = (memberLevel: number, newLevel: number | null, owners: number): boolean =>
  !takesAnOwnerAway(memberLevel, newLevel) || owners > 1;
