import { notFound, notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { deleteGroupMemberRow, lockGroupMembers } from '../../db/repositories/group-members.ts';
import { findUserById } from '../../db/repositories/users.ts';
import type { Deps } from '../../deps.ts';
import { canRemoveMember } from '../../policies/member-policies.ts';
import { findVisibleGroup, type GroupRef } from '../groups/group-context.ts';
import { findActiveGroupMember, requireAGroupOwnerLeft } from './group-member-rules.ts';

/** Maintainers remove members (not Owners), anyone may leave, never the last direct Owner. */
export async function removeGroupMember(deps: Deps, actor: Principal, input: { group: GroupRef; userId: number }): Promise<void> {
  const context = await findVisibleGroup(deps, actor, input.group);
  const groupId = context.group.id;
  const member = await findActiveGroupMember(deps, deps.db, groupId, input.userId);
  const user = await findUserById(deps.db, input.userId);
  if (!member || !user) throw notFound('Member');
  const target = { userId: user.id, userType: user.user_type, level: member.access_level };
  if (!canRemoveMember(context.facts, target)) throw notPermitted('remove_member');
  await deps.db.transaction().execute(async (trx) => {
    await lockGroupMembers(trx, deps.dialect, groupId);
    const current = await findActiveGroupMember(deps, trx, groupId, user.id);
    if (!current) throw notFound('Member');
    if (!canRemoveMember(context.facts, { ...target, level: current.access_level })) throw notPermitted('remove_member');
    await requireAGroupOwnerLeft(deps, trx, groupId, current.access_level, null);
    await deleteGroupMemberRow(trx, groupId, user.id);
  });
}
