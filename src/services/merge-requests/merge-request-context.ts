import { notPermitted, rejected } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { findMergeRequest } from '../../db/repositories/merge-requests.ts';
import type { MergeRequestRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { repositoryPath } from '../../git/repository-path.ts';
import { canDeleteMergeRequest, canReadMergeRequests, canUpdateMergeRequest } from '../../policies/merge-request-policies.ts';
import { findVisibleProject, type ProjectContext, type ProjectRef } from '../projects/project-context.ts';

/** What the caller needs to be allowed to do with the merge request it names. */
export type MergeRequestNeed = 'read' | 'update' | 'delete';

export interface MergeRequestContext {
  context: ProjectContext;
  repositoryDir: string;
  mergeRequest: MergeRequestRow;
}

/** GitLab's answer for a merge request iid the project does not have: `{"message":"404 Not found"}`. */
export const mergeRequestNotFound = () => rejected('404 Not found', 404);

/** The project as the caller sees it (404 when hidden), and whether they may read its merge requests (403 otherwise). */
export async function findMergeRequestProject(deps: Deps, actor: Principal, project: ProjectRef): Promise<{ context: ProjectContext; repositoryDir: string }> {
  const context = await findVisibleProject(deps, actor, project);
  if (!canReadMergeRequests(context.facts)) throw notPermitted('read_merge_request');
  return { context, repositoryDir: repositoryPath(deps.config.dataDir, context.project.id) };
}

/**
 * The merge request `iid` of a project the caller can see, once they may do `need` with it:
 * 404 for a hidden project (as for a missing one) or a missing merge request, 403 when the role
 * does not allow it.
 */
export async function findMergeRequestInProject(
  deps: Deps,
  actor: Principal,
  project: ProjectRef,
  iid: number,
  need: MergeRequestNeed,
): Promise<MergeRequestContext> {
  const { context, repositoryDir } = await findMergeRequestProject(deps, actor, project);
  const mergeRequest = await findMergeRequest(deps.db, context.project.id, iid);
  if (!mergeRequest) throw mergeRequestNotFound();
  if (need === 'update' && !canUpdateMergeRequest(context.facts, mergeRequest.author_id)) throw notPermitted('update_merge_request');
  if (need === 'delete' && !canDeleteMergeRequest(context.facts)) throw notPermitted('delete_merge_request');
  return { context, repositoryDir, mergeRequest };
}
