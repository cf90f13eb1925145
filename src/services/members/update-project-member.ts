import { notFound, notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { lockProjectMembers, findMember, updateMemberRow, type MemberWithUser } from '../../db/repositories/members.ts';
import { findUserById } from '../../db/repositories/users.ts';
import type { Deps } from '../../deps.ts';
import { canAssignLevel, canEditMember } from '../../policies/member-policies.ts';
import { checkMemberExpiry, findActiveMember, requireAnOwnerLeft } from './member-rules.ts';
import { findVisibleProject, type ProjectRef } from '../projects/project-context.ts';

export async function updateProjectMember(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; userId: number; accessLevel: number; expiresAt?: string | null },
): Promise<MemberWithUser> {
  const context = await findVisibleProject(deps, actor, input.project);
  const member = await findActiveMember(deps, deps.db, context.project.id, input.userId);
  const user = await findUserById(deps.db, input.userId);
  if (!member || !user) throw notFound('Member');
  const target = { userId: user.id, userType: user.user_type, level: member.access_level };
  if (!canEditMember(context.facts, target) || !canAssignLevel(context.facts, input.accessLevel)) throw notPermitted('edit_member');
  checkMemberExpiry(deps, input.expiresAt);
  const updated = await deps.db.transaction().execute(async (trx) => {
    await lockProjectMembers(trx, deps.dialect, context.project.id);
    const current = await findActiveMember(deps, trx, context.project.id, user.id);
    if (!current) throw notFound('Member');
    // Decided again on the locked row: a concurrent promotion to Owner puts the member out of a Maintainer's reach.
    if (!canEditMember(context.facts, { ...target, level: current.access_level })) throw notPermitted('edit_member');
    await requireAnOwnerLeft(deps, trx, context.project.id, current.access_level, input.accessLevel);
    await updateMemberRow(trx, context.project.id, user.id, {
      access_level: input.accessLevel,
      ...(input.expiresAt !== undefined && { expires_at: input.expiresAt }),
    });
    return (await findMember(trx, context.project.id, user.id))!;
  });
  return { member: updated, user };
}
