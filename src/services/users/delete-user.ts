import { badRequest, notFound, notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { findNamespaceByOwner } from '../../db/repositories/namespaces.ts';
import { listProjectIdsOfNamespace } from '../../db/repositories/projects.ts';
import { findUserById } from '../../db/repositories/users.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import { canAdministerUsers } from '../../policies/user-policies.ts';
import { purgeRetiredImages, removeProjectRecords, removeProjectRepository } from '../projects/remove-project-records.ts';
import { retireUser } from './retire-user.ts';

/**
 * Admin: delete a user; their own projects (and those projects' container images) go with them,
 * what they wrote elsewhere moves to the ghost user.
 */
export async function deleteUser(deps: Deps, actor: Principal, input: { userId: number }): Promise<void> {
  const principal = requireUser(actor);
  if (!canAdministerUsers(principal.user)) throw notPermitted('delete_user');
  const user = await findUserById(deps.db, input.userId);
  if (!user || user.user_type === 'ghost') throw notFound('User');
  if (user.id === principal.user.id) throw badRequest('You cannot delete yourself');
  const removed = await deps.db.transaction().execute(async (trx) => {
    const namespace = await findNamespaceByOwner(trx, user.id);
    const projectIds = namespace ? await listProjectIdsOfNamespace(trx, namespace.id) : [];
    const registryPaths: string[] = [];
    for (const id of projectIds) registryPaths.push(...(await removeProjectRecords(deps, trx, id)));
    await retireUser(deps, trx, user.id);
    return { projectIds, registryPaths };
  });
  for (const id of removed.projectIds) await removeProjectRepository(deps, id);
  await purgeRetiredImages(deps, removed.registryPaths);
}
