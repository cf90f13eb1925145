import { lastExpiredDate } from '../../domain/membership.ts';
import type { Principal } from '../../domain/principal.ts';
import { notFound } from '../../domain/errors.ts';
import type { Page, Paged } from '../../db/pagination.ts';
import { listMembers, type MemberWithUser } from '../../db/repositories/members.ts';
import { findUserById } from '../../db/repositories/users.ts';
import type { Deps } from '../../deps.ts';
import { findActiveMember } from './member-rules.ts';
import { findVisibleProject, type ProjectRef } from '../projects/project-context.ts';

export async function listProjectMembers(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; query?: string; userIds?: number[]; page: Page },
): Promise<Paged<MemberWithUser>> {
  const context = await findVisibleProject(deps, actor, input.project);
  const lastExpired = lastExpiredDate(deps.clock.now());
  return listMembers(deps.db, context.project.id, { query: input.query, userIds: input.userIds, lastExpired }, input.page);
}

export async function getProjectMember(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; userId: number },
): Promise<MemberWithUser> {
  const context = await findVisibleProject(deps, actor, input.project);
  const member = await findActiveMember(deps, deps.db, context.project.id, input.userId);
  const user = member && (await findUserById(deps.db, input.userId));
  if (!member || !user) throw notFound('Member');
  return { member, user };
}
