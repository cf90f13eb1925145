import { badRequest, notFound, notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { fullPathOf } from '../../domain/project-ref.ts';
import { parseId } from '../../domain/ids.ts';
import { projectHasContainerTags } from '../../db/repositories/container-registry.ts';
import { findNamespaceById, findNamespaceByPath } from '../../db/repositories/namespaces.ts';
import { findProjectById, projectPathTaken, updateProjectRow, type ProjectWithNamespace } from '../../db/repositories/projects.ts';
import type { NamespaceRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { canCreateProjectIn, narrowedTo } from '../../policies/group-policies.ts';
import { canDeleteProject } from '../../policies/project-policies.ts';
import { retireContainerRepositories } from '../registry/retire-container-repositories.ts';
import { groupFacts, groupVisibility } from '../groups/group-context.ts';
import { findVisibleProject, type ProjectRef } from './project-context.ts';
import { purgeRetiredImages } from './remove-project-records.ts';

/** GitLab's refusals, as its Projects::TransferService words them. */
const WITH_TAGS = 'Project cannot be transferred, because tags are present in its container registry';
const SAME_NAMESPACE = 'Project is already in this namespace.';
const TAKEN = 'Project with same name or path in target namespace already exists';

/** `namespace`: an id or a full path (a username, a group's path). */
function findNamespace(deps: Deps, ref: string): Promise<NamespaceRow | undefined> {
  if (/^\d+$/.test(ref)) {
    const id = parseId(ref);
    return id === null ? Promise.resolve(undefined) : findNamespaceById(deps.db, id);
  }
  return findNamespaceByPath(deps.db, ref);
}

/**
 * PUT /projects/:id/transfer: an Owner of the project moves it into a namespace where they may
 * create projects (their own, or a group they are Maintainer+ of). The project keeps its direct
 * members and loses those of the group it leaves at once (the membership epoch moves with
 * namespace_id); its visibility is narrowed to the new group's.
 */
export async function transferProject(deps: Deps, actor: Principal, input: { project: ProjectRef; namespace: string }): Promise<ProjectWithNamespace> {
  const context = await findVisibleProject(deps, actor, input.project);
  if (!canDeleteProject(context.facts)) throw notPermitted('transfer_project');
  const target = await findNamespace(deps, input.namespace);
  if (!target) throw notFound('Namespace');
  if (actor.kind !== 'user') throw notFound('Namespace');
  if (target.kind === 'group') {
    const { facts } = await groupFacts(deps, deps.db, actor, target);
    if (!canCreateProjectIn(facts)) throw notFound('Namespace');
  } else if (target.owner_id !== actor.user.id && !actor.user.isAdmin) {
    throw notFound('Namespace');
  }
  const { project } = context;
  if (target.id === project.namespace_id) throw badRequest(SAME_NAMESPACE);
  const registryPaths = await deps.db.transaction().execute(async (trx) => {
    if (await projectPathTaken(trx, target.id, project.path)) throw badRequest(TAKEN);
    if (await projectHasContainerTags(trx, project.id)) throw badRequest(WITH_TAGS);
    const retired = await retireContainerRepositories(deps, trx, { id: project.id, fullPath: fullPathOf(context) });
    await updateProjectRow(trx, project.id, {
      namespace_id: target.id,
      ...(target.kind === 'group' && { visibility: narrowedTo(project.visibility, groupVisibility(target)) }),
      last_activity_at: deps.clock.now().toISOString(),
    });
    return retired;
  });
  await purgeRetiredImages(deps, registryPaths);
  return (await findProjectById(deps.db, project.id))!;
}
