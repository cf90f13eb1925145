import { AccessLevel } from '../domain/access-levels.ts';
import type { ProjectFacts } from './project-policies.ts';

export const canManageMembers = (facts: ProjectFacts): boolean => facts.level >= AccessLevel.Maintainer;

/** A Maintainer may neither grant Owner nor touch an Owner; Owners (and admins) may do both. */
export function canAssignLevel(facts: ProjectFacts, level: number): boolean {
  return canManageMembers(facts) && (level < AccessLevel.Owner || facts.level >= AccessLevel.Owner);
}

export function canChangeMember(facts: ProjectFacts, memberLevel: number): boolean {
  return canManageMembers(facts) && (memberLevel < AccessLevel.Owner || facts.level >= AccessLevel.Owner);
}
