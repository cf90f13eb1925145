import { notFound, notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { findGroupMember, lockGroupMembers, updateGroupMemberRow, type GroupMemberWithUser } from '../../db/repositories/group-members.ts';
import { findUserById } from '../../db/repositories/users.ts';
import type { Deps } from '../../deps.ts';
import { canAssignLevel, canEditMember } from '../../policies/member-policies.ts';
import { findVisibleGroup, type GroupRef } from '../groups/group-context.ts';
import { findActiveGroupMember, requireAGroupOwnerLeft } from './group-member-rules.ts';
import { checkMemberExpiry } from './member-rules.ts';

export async function updateGroupMember(
  deps: Deps,
  actor: Principal,
  input: { group: GroupRef; userId: number; accessLevel: number; expiresAt?: string | null },
): Promise<GroupMemberWithUser> {
  const context = await findVisibleGroup(deps, actor, input.group);
  const groupId = context.group.id;
  const member = await findActiveGroupMember(deps, deps.db, groupId, input.userId);
  const user = await findUserById(deps.db, input.userId);
  if (!member || !user) throw notFound('Member');
  const target = { userId: user.id, userType: user.user_type, level: member.access_level };
  if (!canEditMember(context.facts, target) || !canAssignLevel(context.facts, input.accessLevel)) throw notPermitted('edit_member');
  checkMemberExpiry(deps, input.expiresAt);
  const updated = await deps.db.transaction().execute(async (trx) => {
    await lockGroupMembers(trx, deps.dialect, groupId);
    const current = await findActiveGroupMember(deps, trx, groupId, user.id);
    if (!current) throw notFound('Member');
    if (!canEditMember(context.facts, { ...target, level: current.access_level })) throw notPermitted('edit_member');
    await requireAGroupOwnerLeft(deps, trx, groupId, current.access_level, input.accessLevel);
    await updateGroupMemberRow(trx, groupId, user.id, {
      access_level: input.accessLevel,
      ...(input.expiresAt !== undefined && { expires_at: input.expiresAt }),
    });
    return (await findGroupMember(trx, groupId, user.id))!;
  });
  return { member: updated, user };
}
