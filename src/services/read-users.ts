import { AppError, notFound } from '../domain/errors.ts';
import type { Principal } from '../domain/principal.ts';
import type { Page, Paged } from '../db/pagination.ts';
import { findUserById, listUsers as queryUsers, type UserFilter } from '../db/repositories/users.ts';
import type { UserRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';

export async function getCurrentUser(deps: Deps, actor: Principal): Promise<UserRow> {
  if (actor.kind !== 'user') throw new AppError('unauthorized', 'Unauthorized');
  const user = await findUserById(deps.db, actor.user.id);
  if (!user) throw new AppError('unauthorized', 'Unauthorized');
  return user;
}

export async function getUser(deps: Deps, actor: Principal, input: { userId: number }): Promise<UserRow> {
  const user = Number.isSafeInteger(input.userId) ? await findUserById(deps.db, input.userId) : undefined;
  if (!user) throw notFound('User');
  // Any signed-in caller may look a user up (bots and the ghost included); anonymous callers see no one.
  if (actor.kind !== 'user') throw notFound('User');
  return user;
}

export function listUsers(deps: Deps, actor: Principal, input: { filter: UserFilter; page: Page }): Promise<Paged<UserRow>> {
  if (actor.kind !== 'user') throw new AppError('unauthorized', 'Unauthorized');
  return queryUsers(deps.db, input.filter, input.page);
}
