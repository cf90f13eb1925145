import { notFound } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Page } from '../../db/pagination.ts';
import type { Deps } from '../../deps.ts';
import { splitRefAndPath } from '../../git/ref-path.ts';
import type { ProjectContext, ProjectRef } from '../projects/project-context.ts';
import { findCommitId } from './commit-lookup.ts';
import { listRepositoryCommits, type CommitListPage } from './list-repository-commits.ts';
import { findReadableRepository } from './repository-access.ts';

export interface RefHistoryView {
  context: ProjectContext;
  ref: string;
  /** '' for the whole tree. */
  path: string;
  history: CommitListPage;
}

/**
 * The web's commits page: a URL tail `<ref>/<path>` (`feature/x/src/a.ts`, split as GitLab does)
 * becomes a page of the ref's history touching the path; a ref that names no commit is 404.
 */
export async function listRefHistory(deps: Deps, actor: Principal, input: { project: ProjectRef; refAndPath: string; page: Page }): Promise<RefHistoryView> {
  const repository = await findReadableRepository(deps, actor, input.project);
  const split = await splitRefAndPath(repository.repositoryDir, input.refAndPath);
  if (split === null) throw notFound('Ref');
  await findCommitId(repository.repositoryDir, split.ref);
  const history = await listRepositoryCommits(deps, actor, { project: input.project, refName: split.ref, path: split.path || undefined, page: input.page });
  return { context: repository.context, ref: split.ref, path: split.path, history };
}
