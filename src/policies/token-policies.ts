import { AccessLevel } from '../domain/access-levels.ts';
import type { ProjectFacts } from './project-policies.ts';

/** Create and rotate: a human Maintainer+ (bots never mint tokens). */
export function canManageProjectAccessTokens(facts: ProjectFacts): boolean {
  return facts.actor !== null && facts.actor.userType === 'human' && facts.level >= AccessLevel.Maintainer;
}

/** List, get and revoke: Maintainer+, bots included. */
export const canReadProjectAccessTokens = (facts: ProjectFacts): boolean => facts.level >= AccessLevel.Maintainer;

/** A token never holds more than its creator: a Maintainer cannot mint or rotate an Owner token. */
export const holdsLevel = (facts: ProjectFacts, tokenLevel: number): boolean => facts.level >= tokenLevel;

export function canRevokeProjectAccessToken(facts: ProjectFacts, tokenLevel: number): boolean {
  return canReadProjectAccessTokens(facts) && holdsLevel(facts, tokenLevel);
}
