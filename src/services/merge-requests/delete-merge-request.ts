import type { Principal } from '../../domain/principal.ts';
import { deleteMergeRequestRow } from '../../db/repositories/merge-requests.ts';
import type { Deps } from '../../deps.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findMergeRequestInProject } from './merge-request-context.ts';

/** DELETE /projects/:id/merge_requests/:iid: Owners (and admins) only; its notes, labels and people go with it. */
export async function deleteMergeRequest(deps: Deps, actor: Principal, input: { project: ProjectRef; iid: number }): Promise<void> {
  const { mergeRequest } = await findMergeRequestInProject(deps, actor, input.project, input.iid, 'delete');
  await deleteMergeRequestRow(deps.db, mergeRequest.id);
}
