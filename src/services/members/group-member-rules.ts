import { badRequest } from '../../domain/errors.ts';
import { activeMembership, lastExpiredDate } from '../../domain/membership.ts';
import type { Db } from '../../db/database.ts';
import { countGroupOwners, findGroupMember } from '../../db/repositories/group-members.ts';
import type { GroupMemberRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { keepsAnOwner, takesAnOwnerAway } from '../../policies/member-policies.ts';

/** The direct group member as they count now: an expired row is as good as removed. */
export async function findActiveGroupMember(deps: Deps, db: Db, groupId: number, userId: number): Promise<GroupMemberRow | undefined> {
  return activeMembership(await findGroupMember(db, groupId, userId), deps.clock.now());
}

/** Refuses (GitLab's 400) a change or removal that would leave the group without a direct Owner; inside the locking transaction. */
export async function requireAGroupOwnerLeft(deps: Deps, trx: Db, groupId: number, memberLevel: number, newLevel: number | null): Promise<void> {
  if (!takesAnOwnerAway(memberLevel, newLevel)) return;
  const owners = await countGroupOwners(trx, groupId, lastExpiredDate(deps.clock.now()));
  if (!keepsAnOwner(memberLevel, newLevel, owners)) throw badRequest('A group must keep at least one owner');
}
