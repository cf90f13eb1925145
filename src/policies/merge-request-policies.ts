import { AccessLevel } from '../domain/access-levels.ts';
import { canDownloadCode, type ProjectFacts } from './project-policies.ts';

/**
 * Merge requests. Reading them is reading the project's code (Reporter+, or anyone who can read a
 * public or internal project); opening, editing and commenting as GitLab allows on a project
 * without forks.
 */

export const canReadMergeRequests = (facts: ProjectFacts): boolean => canDownloadCode(facts);

/** Opening one needs push access to the source branch's project: Developer+. */
export const canCreateMergeRequest = (facts: ProjectFacts): boolean => facts.actor !== null && facts.level >= AccessLevel.Developer;

/** Developers edit any merge request; its author edits their own while they can still read it. */
export function canUpdateMergeRequest(facts: ProjectFacts, authorId: number): boolean {
  if (facts.actor === null) return false;
  return facts.level >= AccessLevel.Developer || (facts.actor.id === authorId && canReadMergeRequests(facts));
}

/** Labels, assignees and reviewers: GitLab drops them silently from a caller below Developer. */
export const canAdministerMergeRequest = (facts: ProjectFacts): boolean => facts.level >= AccessLevel.Developer;

export const canDeleteMergeRequest = (facts: ProjectFacts): boolean => facts.level >= AccessLevel.Owner;

export const canCommentOnMergeRequest = (facts: ProjectFacts): boolean => facts.actor !== null && canReadMergeRequests(facts);

/** Only a note's author edits it. */
export const canEditMergeRequestNote = (facts: ProjectFacts, authorId: number): boolean => facts.actor !== null && facts.actor.id === authorId;

/** A note's author deletes it, and Maintainers delete any. */
export function canDeleteMergeRequestNote(facts: ProjectFacts, authorId: number): boolean {
  return canEditMergeRequestNote(facts, authorId) || facts.level >= AccessLevel.Maintainer;
}

/** Resolving a discussion: Developers, and the merge request's author. */
export function canResolveMergeRequestDiscussion(facts: ProjectFacts, mergeRequestAuthorId: number): boolean {
  return canUpdateMergeRequest(facts, mergeRequestAuthorId);
}
