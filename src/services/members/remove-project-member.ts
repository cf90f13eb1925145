import { notFound, notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { lockProjectMembers, deleteMemberRow } from '../../db/repositories/members.ts';
import { findUserById } from '../../db/repositories/users.ts';
import type { Deps } from '../../deps.ts';
import { canRemoveMember } from '../../policies/member-policies.ts';
import { findActiveMember, requireAnOwnerLeft } from './member-rules.ts';
import { findVisibleProject, type ProjectRef } from '../projects/project-context.ts';

/** Maintainers remove members (not Owners); anyone may leave; bots leave only with their token. */
export async function removeProjectMember(deps: Deps, actor: Principal, input: { project: ProjectRef; userId: number }): Promise<void> {
  const context = await findVisibleProject(deps, actor, input.project);
  const member = await findActiveMember(deps, deps.db, context.project.id, input.userId);
  const user = await findUserById(deps.db, input.userId);
  if (!member || !user) throw notFound('Member');
  const target = { userId: user.id, userType: user.user_type, level: member.access_level };
  if (!canRemoveMember(context.facts, target)) throw notPermitted('remove_member');
  await deps.db.transaction().execute(async (trx) => {
    await lockProjectMembers(trx, deps.dialect, context.project.id);
    const current = await findActiveMember(deps, trx, context.project.id, user.id);
    if (!current) throw notFound('Member');
    // Decided again on the locked row: a concurrent promotion to Owner puts the member out of a Maintainer's reach.
    if (!canRemoveMember(context.facts, { ...target, level: current.access_level })) throw notPermitted('remove_member');
    await requireAnOwnerLeft(deps, trx, context.project.id, current.access_level, null);
    await deleteMemberRow(trx, context.project.id, user.id);
  });
}
