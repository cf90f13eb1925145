import { notFound } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { fullPathOf } from '../../domain/project-ref.ts';
import type { Deps } from '../../deps.ts';
import type { GitCommit } from '../../git/branches.ts';
import { readCommit } from '../../git/commits.ts';
import { readCommitStats, type CommitStats } from '../../git/commit-stats.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { commitFileActions, type CommitRequest } from './commit-file-actions.ts';
import { findWritableRepository } from './repository-access.ts';

export interface CreatedCommit {
  commit: GitCommit;
  stats: CommitStats | null;
  projectId: number;
  projectPath: string;
}

/** POST /projects/:id/repository/commits: one commit of file actions on a branch (Developer+, protection per branch). */
export async function createCommit(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; request: Omit<CommitRequest, 'fileChanged'>; stats: boolean },
): Promise<CreatedCommit> {
  const user = requireUser(actor);
  const repository = await findWritableRepository(deps, user, input.project);
  const sha = await commitFileActions(deps, user, repository, {
    ...input.request,
    fileChanged: (path) => `The file has changed since you started editing it: ${path}`,
  });
  const commit = await readCommit(repository.repositoryDir, sha);
  if (commit === null) throw notFound('Commit');
  return {
    commit,
    stats: input.stats ? await readCommitStats(repository.repositoryDir, sha) : null,
    projectId: repository.context.project.id,
    projectPath: fullPathOf(repository.context),
  };
}
