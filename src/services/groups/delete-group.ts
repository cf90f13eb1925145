import { notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { deleteGroupRow, groupAndDescendants } from '../../db/repositories/groups.ts';
import { listProjectIdsOfNamespace } from '../../db/repositories/projects.ts';
import { listBotIdsOfGroup } from '../../db/repositories/users.ts';
import { deleteHook, listGroupHookIds } from '../../db/repositories/webhooks.ts';
import type { Deps } from '../../deps.ts';
import { retireUser } from '../users/retire-user.ts';
import { canAdminGroup } from '../../policies/group-policies.ts';
import { purgeRetiredImages, removeProjectRecords, removeProjectRepository } from '../projects/remove-project-records.ts';
import { findVisibleGroup, type GroupRef } from './group-context.ts';

/**
 * Owners delete a group with everything in it: its subgroups, their projects (records,
 * repositories, images), memberships, access token bots and hooks, in one transaction; the repositories go after it.
 * GitLab answers 202 and deletes in the background; Latchkey has done it when it answers.
 */
export async function deleteGroup(deps: Deps, actor: Principal, input: { group: GroupRef }): Promise<void> {
  const context = await findVisibleGroup(deps, actor, input.group);
  if (!canAdminGroup(context.facts)) throw notPermitted('delete_group');
  const { projectIds, registryPaths } = await deps.db.transaction().execute(async (trx) => {
    const groups = await groupAndDescendants(trx, context.group.id);
    const projectIds: number[] = [];
    const registryPaths: Awaited<ReturnType<typeof removeProjectRecords>> = [];
    for (const group of groups) {
      for (const id of await listProjectIdsOfNamespace(trx, group.id)) {
        projectIds.push(id);
        registryPaths.push(...(await removeProjectRecords(deps, trx, id)));
      }
    }
    // Each group's access token bots go with it, as a project's do (their records to the ghost user).
    for (const group of groups) for (const botId of await listBotIdsOfGroup(trx, group.id)) await retireUser(deps, trx, botId);
    // Each group's hooks go too, with their queued deliveries and log.
    for (const group of groups) for (const hookId of await listGroupHookIds(trx, group.id)) await deleteHook(trx, hookId);
    for (const group of [...groups].reverse()) await deleteGroupRow(trx, group.id);
    return { projectIds, registryPaths };
  });
  for (const id of projectIds) await removeProjectRepository(deps, id);
  await purgeRetiredImages(deps, registryPaths);
}
