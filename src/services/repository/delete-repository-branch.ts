import { notFound, rejected } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import { resolveCommit } from '../../git/blobs.ts';
import { isValidRefName } from '../../git/ref-name.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { applyRefUpdates } from './apply-ref-updates.ts';
import { findWritableRepository } from './repository-access.ts';

/** GitLab's refusal (Gitlab::Checks::BranchCheck), whatever the caller's role. */
export const DEFAULT_BRANCH_UNDELETABLE = 'The default branch of a project cannot be deleted.';

/** DELETE /projects/:id/repository/branches/:branch: as a push deleting it (protection decides, a push event is recorded). */
export async function deleteRepositoryBranch(deps: Deps, actor: Principal, input: { project: ProjectRef; branch: string }): Promise<void> {
  const user = requireUser(actor);
  const repository = await findWritableRepository(deps, user, input.project);
  const commitId = isValidRefName(input.branch) ? await resolveCommit(repository.repositoryDir, `refs/heads/${input.branch}`) : null;
  if (commitId === null) throw notFound('Branch');
  if (input.branch === repository.context.project.default_branch) throw rejected(DEFAULT_BRANCH_UNDELETABLE);
  await applyRefUpdates(deps, user, repository, [{ ref: `refs/heads/${input.branch}`, before: commitId, after: null }]);
}
