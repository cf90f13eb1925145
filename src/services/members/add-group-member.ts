import { AppError, notPermitted } from '../../domain/errors.ts';
import { lastExpiredDate } from '../../domain/membership.ts';
import type { Principal } from '../../domain/principal.ts';
import { deleteExpiredGroupMemberRow, findGroupMember, insertGroupMember, type GroupMemberWithUser } from '../../db/repositories/group-members.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import type { Deps } from '../../deps.ts';
import { canAssignLevel } from '../../policies/member-policies.ts';
import { findVisibleGroup, type GroupRef } from '../groups/group-context.ts';
import { findAddableUser } from './add-project-member.ts';
import { checkMemberExpiry } from './member-rules.ts';

/** Maintainers add members below Owner, Owners any; project bots never (GitLab refuses them in groups). */
export async function addGroupMember(
  deps: Deps,
  actor: Principal,
  input: { group: GroupRef; user: { id: number } | { username: string }; accessLevel: number; expiresAt: string | null },
): Promise<GroupMemberWithUser> {
  const context = await findVisibleGroup(deps, actor, input.group);
  if (!canAssignLevel(context.facts, input.accessLevel)) throw notPermitted('add_member');
  checkMemberExpiry(deps, input.expiresAt);
  const user = await findAddableUser(deps, input.user);
  const at = deps.clock.now();
  const exists = new AppError('conflict', 'Member already exists');
  try {
    return await deps.db.transaction().execute(async (trx) => {
      await deleteExpiredGroupMemberRow(trx, context.group.id, user.id, lastExpiredDate(at));
      if (await findGroupMember(trx, context.group.id, user.id)) throw exists;
      const member = await insertGroupMember(trx, {
        group_id: context.group.id,
        user_id: user.id,
        access_level: input.accessLevel,
        expires_at: input.expiresAt,
        created_by_id: actor.kind === 'user' ? actor.user.id : null,
        created_at: at.toISOString(),
      });
      return { member, user };
    });
  } catch (error) {
    throw isUniqueViolation(error) ? exists : error;
  }
}
