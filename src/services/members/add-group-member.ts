import { AppError, fieldErrors, notFound, notPermitted } from '../../domain/errors.ts';
import { lastExpiredDate } from '../../domain/membership.ts';
import type { Principal } from '../../domain/principal.ts';
import { deleteExpiredGroupMemberRow, findGroupMember, insertGroupMember, type GroupMemberWithUser } from '../../db/repositories/group-members.ts';
import { findUserById } from '../../db/repositories/users.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import type { Deps } from '../../deps.ts';
import { canAssignLevel } from '../../policies/member-policies.ts';
import { findVisibleGroup, type GroupRef } from '../groups/group-context.ts';
import { BOT_ELSEWHERE } from './add-project-member.ts';
import { checkMemberExpiry } from './member-rules.ts';

/** Maintainers add members below Owner, Owners any; project bots never (GitLab refuses them in groups). */
export async function addGroupMember(
  deps: Deps,
  actor: Principal,
  input: { group: GroupRef; userId: number; accessLevel: number; expiresAt: string | null },
): Promise<GroupMemberWithUser> {
  const context = await findVisibleGroup(deps, actor, input.group);
  if (!canAssignLevel(context.facts, input.accessLevel)) throw notPermitted('add_member');
  checkMemberExpiry(deps, input.expiresAt);
  const user = await findUserById(deps.db, input.userId);
  if (!user || user.user_type === 'ghost') throw notFound('User');
  if (user.user_type === 'project_bot') throw fieldErrors({ user_id: [BOT_ELSEWHERE] });
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
