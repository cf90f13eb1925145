import { notFound } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { pageOfList, type Page, type Paged } from '../../db/pagination.ts';
import type { Deps } from '../../deps.ts';
import { diffCommits, type FileDiff } from '../../git/diff.ts';
import { logCommit } from '../../git/log.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findCommitId } from './commit-lookup.ts';
import { findReadableRepository } from './repository-access.ts';

/** GET /projects/:id/repository/commits/:sha/diff: what the commit changed against its first parent, a page of files. */
export async function readCommitDiff(deps: Deps, actor: Principal, input: { project: ProjectRef; sha: string; page: Page }): Promise<Paged<FileDiff>> {
  const repository = await findReadableRepository(deps, actor, input.project);
  const commitId = await findCommitId(repository.repositoryDir, input.sha);
  const logged = await logCommit(repository.repositoryDir, commitId);
  if (logged === null) throw notFound('Commit');
  const { files } = await diffCommits(repository.repositoryDir, logged.commit.parentIds[0] ?? null, commitId);
  return pageOfList(files, input.page);
}
