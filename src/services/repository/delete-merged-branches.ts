import { AppError } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { protectedBranchNames } from '../../db/repositories/protected-branch-names.ts';
import type { Deps } from '../../deps.ts';
import { resolveCommit } from '../../git/blobs.ts';
import { branchesMergedInto } from '../../git/ref-lists.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { applyRefUpdates } from './apply-ref-updates.ts';
import { findWritableRepository } from './repository-access.ts';

/** A protected branch's name or wildcard pattern (`*` matches anything, `/` included) against a branch. */
function matchesProtection(pattern: string, branch: string): boolean {
  if (!pattern.includes('*')) return pattern === branch;
  const source = pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('.*');
  return new RegExp(`^${source}$`).test(branch);
}

/**
 * DELETE /projects/:id/repository/merged_branches: every branch whose tip is in the default
 * branch's history goes, one by one, as a push deleting it would; never the default branch nor a
 * protected one. A branch that moved meanwhile, or that protection keeps from the caller, stays.
 * Returns the names deleted.
 */
export async function deleteMergedBranches(deps: Deps, actor: Principal, input: { project: ProjectRef }): Promise<string[]> {
  const user = requireUser(actor);
  const repository = await findWritableRepository(deps, user, input.project);
  const { project } = repository.context;
  const defaultHead = await resolveCommit(repository.repositoryDir, `refs/heads/${project.default_branch}`);
  if (defaultHead === null) return [];
  const [merged, protectedNames] = await Promise.all([branchesMergedInto(repository.repositoryDir, defaultHead), protectedBranchNames(deps.db, project.id)]);
  const deleted: string[] = [];
  for (const [branch, commitId] of merged) {
    if (branch === project.default_branch || protectedNames.some((pattern) => matchesProtection(pattern, branch))) continue;
    try {
      await applyRefUpdates(deps, user, repository, [{ ref: `refs/heads/${branch}`, before: commitId, after: null }]);
      deleted.push(branch);
    } catch (error) {
      if (!(error instanceof AppError) || (error.code !== 'bad_request' && error.code !== 'not_permitted')) throw error;
    }
  }
  return deleted;
}
