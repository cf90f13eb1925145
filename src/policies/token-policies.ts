import { AccessLevel } from '../domain/access-levels.ts';
import type { Actor, UserPrincipal } from '../domain/principal.ts';
import { canAdminGroup, type GroupFacts } from './group-policies.ts';
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

/**
 * List, get and revoke a group's tokens: its Owners, direct or inherited from an ancestor group, and
 * admins (GitLab's admin_group), bots included; a Maintainer is refused as a project's Developer is.
 */
export const canReadGroupAccessTokens = (facts: GroupFacts): boolean => canAdminGroup(facts);

/** Create and rotate a group's tokens: a human Owner of the group (or an ancestor) or an admin. */
export function canManageGroupAccessTokens(facts: GroupFacts): boolean {
  return facts.actor !== null && facts.actor.userType === 'human' && canAdminGroup(facts);
}

export function canRevokeGroupAccessToken(facts: GroupFacts, tokenLevel: number): boolean {
  return canReadGroupAccessTokens(facts) && holdsLevel(facts, tokenLevel);
}

/** Who may rotate a project's or group's token: the project's Maintainers, the group's Owners. */
export const canManageAccessTokensOf = (kind: 'project' | 'group', facts: ProjectFacts): boolean =>
  kind === 'project' ? canManageProjectAccessTokens(facts) : canManageGroupAccessTokens(facts);

/** Who may revoke a project's or group's token of `tokenLevel`: as rotating, bots included, never above their level. */
export const canRevokeAccessTokenOf = (kind: 'project' | 'group', facts: ProjectFacts, tokenLevel: number): boolean =>
  kind === 'project' ? canRevokeProjectAccessToken(facts, tokenLevel) : canRevokeGroupAccessToken(facts, tokenLevel);

/** A user's personal tokens are read and revoked by that user and by administrators. */
export const canManagePersonalAccessTokensOf = (actor: Actor, ownerId: number): boolean =>
  actor.id === ownerId || canAdministerUsers(actor);

/** Creating one likewise, except that a user's own token never mints another for them (only an admin's may). */
export function canCreatePersonalAccessToken(principal: UserPrincipal, ownerId: number): boolean {
  return canManagePersonalAccessTokensOf(principal.user, ownerId) && (principal.via !== 'token' || canAdministerUsers(principal.user));
}
