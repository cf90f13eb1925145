import { AccessLevel } from '../domain/access-levels.ts';
import type { Actor, UserPrincipal } from '../domain/principal.ts';
import type { ProjectFacts } from './project-policies.ts';
import { canAdministerUsers } from './user-policies.ts';

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

/** A user's personal tokens are read and revoked by that user and by administrators. */
export const canManagePersonalAccessTokensOf = (actor: Actor, ownerId: number): boolean =>
  actor.id === ownerId || canAdministerUsers(actor);

/** Creating one likewise, except that a user's own token never mints another for them (only an admin's may). */
export function canCreatePersonalAccessToken(principal: UserPrincipal, ownerId: number): boolean {
  return canManagePersonalAccessTokensOf(principal.user, ownerId) && (principal.via !== 'token' || canAdministerUsers(principal.user));
}
