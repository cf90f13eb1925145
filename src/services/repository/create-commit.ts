import { notFound } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { fullPathOf } from '../../domain/project-ref.ts';
import type { Deps } from '../../deps.ts';
import { commitStats, logCommit } from '../../git/log.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { commitFileActions, type CommitRequest } from './commit-file-actions.ts';
import type { CommitDetailView } from './read-repository-commit.ts';
import { findWritableRepository } from './repository-access.ts';

/** POST /projects/:id/repository/commits: one commit of file actions on a branch (Developer+, protection per branch). */
export async function createCommit(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; request: Omit<CommitRequest, 'fileChanged'>; stats: boolean },
): Promise<CommitDetailView> {
  const user = requireUser(actor);
  const repository = await findWritableRepository(deps, user, input.project);
  const sha = await commitFileActions(deps, user, repository, {
    ...input.request,
    fileChanged: (path) => `The file has changed since you started editing it: ${path}`,
  });
  const logged = await logCommit(repository.repositoryDir, sha);
  if (logged === null) throw notFound('Commit');
  return {
    logged,
    stats: input.stats ? (await commitStats(repository.repositoryDir, [sha])).get(sha) : undefined,
    projectId: repository.context.project.id,
    projectPath: fullPathOf(repository.context),
  };
}
