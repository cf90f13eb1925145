import { AppError, fieldErrors, notFound, notPermitted } from '../../domain/errors.ts';
import { lastExpiredDate } from '../../domain/membership.ts';
import type { Principal } from '../../domain/principal.ts';
import { deleteExpiredMemberRow, findMember, insertMember, type MemberWithUser } from '../../db/repositories/members.ts';
import { findUserById, listUsers } from '../../db/repositories/users.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import type { Deps } from '../../deps.ts';
import { canAssignLevel } from '../../policies/member-policies.ts';
import { checkMemberExpiry } from './member-rules.ts';
import { findVisibleProject, type ProjectRef } from '../projects/project-context.ts';

export const BOT_ELSEWHERE = 'project bots cannot be added to other groups / projects';

/** By username as typed in a form: case-insensitive, a leading @ allowed. */
async function findByUsername(deps: Deps, typed: string) {
  const username = typed.trim().replace(/^@/, '');
  if (username === '') return undefined;
  return (await listUsers(deps.db, { username }, { page: 1, perPage: 1 })).items[0];
}

/** The user a member form or call names (by id or username): never the ghost, never a project or group bot. */
export async function findAddableUser(deps: Deps, named: { id: number } | { username: string }) {
  const user = 'id' in named ? await findUserById(deps.db, named.id) : await findByUsername(deps, named.username);
  if (!user || user.user_type === 'ghost') throw notFound('User');
  if (user.user_type === 'project_bot') throw fieldErrors({ user_id: [BOT_ELSEWHERE] });
  return user;
}

export async function addProjectMember(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; user: { id: number } | { username: string }; accessLevel: number; expiresAt: string | null },
): Promise<MemberWithUser> {
  const context = await findVisibleProject(deps, actor, input.project);
  if (!canAssignLevel(context.facts, input.accessLevel)) throw notPermitted('add_member');
  checkMemberExpiry(deps, input.expiresAt);
  const user = await findAddableUser(deps, input.user);
  const at = deps.clock.now();
  const now = at.toISOString();
  const exists = new AppError('conflict', 'Member already exists');
  try {
    return await deps.db.transaction().execute(async (trx) => {
      // An expired membership is as good as removed (GitLab deletes it): the new one takes its place.
      // Deleted only if expired, so a membership added meanwhile by a concurrent request is never lost.
      await deleteExpiredMemberRow(trx, context.project.id, user.id, lastExpiredDate(at));
      if (await findMember(trx, context.project.id, user.id)) throw exists;
      const member = await insertMember(trx, {
        project_id: context.project.id,
        user_id: user.id,
        access_level: input.accessLevel,
        expires_at: input.expiresAt,
        created_by_id: actor.kind === 'user' ? actor.user.id : null,
        created_at: now,
      });
      return { member, user };
    });
  } catch (error) {
    throw isUniqueViolation(error) ? exists : error; // added by a concurrent request
  }
}
