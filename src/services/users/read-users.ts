import { notFound, unauthorized } from '../../domain/errors.ts';
import { findGroupById } from '../../db/repositories/groups.ts';
import { canReadGroup } from '../../policies/group-policies.ts';
import { groupFacts } from '../groups/group-context.ts';
import { lastExpiredDate } from '../../domain/membership.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Page, Paged } from '../../db/pagination.ts';
import { findProjectById } from '../../db/repositories/projects.ts';
import { findUserView, listUsers as queryUsers, type UserFilter, type UserOrder, type UserView } from '../../db/repositories/users.ts';
import type { UserRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import { canReadProject } from '../../policies/project-policies.ts';
import { canSeeWholeUserDirectory } from '../../policies/user-policies.ts';
import { projectFacts } from '../projects/project-context.ts';

// GET /user, /users, /users/:id.

export async function getCurrentUser(deps: Deps, actor: Principal): Promise<UserView> {
  const user = await findUserView(deps.db, requireUser(actor).user.id);
  if (!user) throw unauthorized();
  return user;
}

/** Any signed-in caller may look a user up, the ghost included; a bot only by those who see its project (or group). */
export async function getUser(deps: Deps, actor: Principal, input: { userId: number }): Promise<UserView> {
  if (actor.kind !== 'user') throw notFound('User');
  const user = Number.isSafeInteger(input.userId) ? await findUserView(deps.db, input.userId) : undefined;
  if (!user || !(await canSeeUser(deps, actor, user))) throw notFound('User');
  return user;
}

async function canSeeUser(deps: Deps, actor: Principal, user: UserRow): Promise<boolean> {
  if (user.user_type !== 'project_bot' || canSeeWholeUserDirectory(actor)) return true;
  if (user.bot_group_id !== null) {
    // A group access token's bot: seen by those who see its group.
    const group = await findGroupById(deps.db, user.bot_group_id);
    return group !== undefined && canReadGroup((await groupFacts(deps, deps.db, actor, group)).facts);
  }
  const project = user.bot_project_id === null ? undefined : await findProjectById(deps.db, user.bot_project_id);
  return project !== undefined && canReadProject((await projectFacts(deps, actor, project)).facts);
}

export type UserListFilter = Omit<UserFilter, 'viewer' | 'searchEmails'>;

/**
 * Admins see everyone (bots and the ghost included), search private emails (exactly) and may
 * filter by creation date, order and list admins. Others see no blocked user and only the bots of
 * projects they can see, their search reaches usernames and names only, and, as in GitLab, the
 * admin-only parameters are ignored: newest first.
 */
export function listUsers(
  deps: Deps,
  actor: Principal,
  input: { filter: UserListFilter; order?: UserOrder; page: Page },
): Promise<Paged<UserView>> {
  const { user } = requireUser(actor);
  if (canSeeWholeUserDirectory(actor)) {
    return queryUsers(deps.db, { ...input.filter, viewer: null, searchEmails: true }, input.page, input.order);
  }
  const { createdAfter: _after, createdBefore: _before, admins: _admins, ...filter } = input.filter;
  const viewer = { userId: user.id, seesInternal: user.userType === 'human', lastExpired: lastExpiredDate(deps.clock.now()) };
  return queryUsers(deps.db, { ...filter, viewer }, input.page, { by: 'id', direction: 'desc' });
}
