import { findUsersByIds } from '../../db/repositories/users.ts';
import type { UserRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';

/**
 * Who added each of these members (GitLab's `created_by`), by user id: for members the caller
 * may already see (the service that found them decided that). A project's creator and a token's
 * bot were added by whoever made them; a deleted adder is the ghost user.
 */
export function findMemberCreators(deps: Deps, input: { members: readonly { member: { created_by_id: number | null } }[] }): Promise<Map<number, UserRow>> {
  const ids = input.members.flatMap(({ member }) => (member.created_by_id === null ? [] : [member.created_by_id]));
  return findUsersByIds(deps.db, ids);
}
