import { AccessLevel } from '../domain/access-levels.ts';
import { decideBranchUpdate, decideTagUpdate, type Pusher } from './protection-policies.ts';

/**
 * Whether a page offers to delete a branch or a tag: the very decision a deletion through the API
 * takes (decideBranchUpdate / decideTagUpdate, source `api`), asked with what a listing knows.
 * When deleting, those decisions only ask whether some protection rule matches, so one rule
 * standing for "protected" gives the same answer as the project's rules.
 */
export interface RefDeletionFacts {
  /** The caller may push code at all (scope and role, codeAccess's `push`). */
  mayPush: boolean;
  name: string;
  protected: boolean;
  pusher: Pusher;
}

const standIn = (name: string) => ({ name, pushAccessLevel: AccessLevel.NoAccess, allowForcePush: false, createAccessLevel: AccessLevel.NoAccess });

export function canDeleteBranch(facts: RefDeletionFacts & { isDefault: boolean }): boolean {
  if (!facts.mayPush) return false;
  const refusal = decideBranchUpdate({
    rules: facts.protected ? [standIn(facts.name)] : [],
    branch: facts.name,
    defaultBranch: facts.isDefault ? facts.name : '',
    kind: 'delete',
    forced: false,
    pusher: facts.pusher,
    source: 'api',
  });
  return refusal === null;
}

export function canDeleteTag(facts: RefDeletionFacts): boolean {
  if (!facts.mayPush) return false;
  return decideTagUpdate({ rules: facts.protected ? [standIn(facts.name)] : [], tag: facts.name, kind: 'delete', pusher: facts.pusher, source: 'api' }) === null;
}
