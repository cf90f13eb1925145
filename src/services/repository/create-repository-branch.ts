import { rejected } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import { resolveCommit } from '../../git/blobs.ts';
import { isSafeRevision, isValidBranchName } from '../../git/ref-name.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { applyRefUpdates, RefMovedError } from './apply-ref-updates.ts';
import { getRepositoryBranch, type BranchView } from './read-repository-branches.ts';
import { findWritableRepository } from './repository-access.ts';

async function branchExists(repositoryDir: string, name: string): Promise<boolean> {
  return (await resolveCommit(repositoryDir, `refs/heads/${name}`)) !== null;
}

/**
 * POST /projects/:id/repository/branches: a new branch at `ref` (a branch, tag or commit), as a
 * push of it would be (protection decides, a push event is recorded). Refusals in GitLab's words.
 */
export async function createRepositoryBranch(deps: Deps, actor: Principal, input: { project: ProjectRef; branch: string; ref: string }): Promise<BranchView> {
  const user = requireUser(actor);
  const repository = await findWritableRepository(deps, user, input.project);
  if (!isValidBranchName(input.branch)) throw rejected('Branch name is invalid');
  if (await branchExists(repository.repositoryDir, input.branch)) throw rejected('Branch already exists');
  const commitId = isSafeRevision(input.ref) ? await resolveCommit(repository.repositoryDir, input.ref) : null;
  if (commitId === null) throw rejected(`Invalid reference name: ${input.ref}`);
  try {
    await applyRefUpdates(deps, user, repository, [{ ref: `refs/heads/${input.branch}`, before: null, after: commitId }]);
  } catch (error) {
    // Another writer created it (or a branch `a` blocks `a/b`) meanwhile.
    if (error instanceof RefMovedError) throw rejected('Branch already exists');
    throw error;
  }
  return getRepositoryBranch(deps, user, { project: input.project, branch: input.branch });
}
