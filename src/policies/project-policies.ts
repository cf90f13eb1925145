import { AccessLevel } from '../domain/access-levels.ts';
import type { Actor } from '../domain/principal.ts';
import type { Visibility } from '../domain/visibility.ts';

/** The facts every project decision needs, loaded by the service. */
export interface ProjectFacts {
  actor: Actor | null;
  visibility: Visibility;
  /** The actor's access level on the project; admins count as Owner. 0 when not a member. */
  level: number;
}

export function canReadProject({ actor, visibility, level }: ProjectFacts): boolean {
  if (visibility === 'public' || level >= AccessLevel.Guest) return true;
  // Internal projects are open to signed-in humans, never to another project's bot.
  return visibility === 'internal' && actor !== null && actor.userType === 'human';
}

export const canUpdateProject = (facts: ProjectFacts): boolean => facts.level >= AccessLevel.Maintainer;
export const canDeleteProject = (facts: ProjectFacts): boolean => facts.level >= AccessLevel.Owner;

export function canCreateProject(actor: Actor): boolean {
  return actor.userType === 'human';
}

export function canCreateIssue(facts: ProjectFacts): boolean {
  return facts.actor !== null && canReadProject(facts);
}

export function canUpdateIssue(facts: ProjectFacts, authorId: number): boolean {
  return facts.actor !== null && (facts.level >= AccessLevel.Reporter || (facts.actor.id === authorId && canReadProject(facts)));
}

export const canCreateNote = canCreateIssue;

/** Code: Reporter+ pulls from private projects (anyone who can read a public one), Developer+ pushes. */
export function canDownloadCode(facts: ProjectFacts): boolean {
  return facts.level >= AccessLevel.Reporter || (canReadProject(facts) && facts.visibility !== 'private');
}

export const canPushCode = (facts: ProjectFacts): boolean => facts.level >= AccessLevel.Developer;

export const canReadAuditEvents = (facts: ProjectFacts): boolean => facts.level >= AccessLevel.Maintainer;
