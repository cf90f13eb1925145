import type { Principal } from '../../domain/principal.ts';
import type { Page } from '../../db/pagination.ts';
import type { Deps } from '../../deps.ts';
import { refsContaining } from '../../git/ref-lists.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findCommitId } from './commit-lookup.ts';
import { findReadableRepository } from './repository-access.ts';

export interface CommitRefsPage {
  refs: { type: 'branch' | 'tag'; name: string }[];
  page: number;
  perPage: number;
  hasNext: boolean;
}

/** GET /projects/:id/repository/commits/:sha/refs: the branches, then the tags, that contain the commit. */
export async function listCommitRefs(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; sha: string; type: 'branch' | 'tag' | 'all'; page: Page },
): Promise<CommitRefsPage> {
  const repository = await findReadableRepository(deps, actor, input.project);
  const commitId = await findCommitId(repository.repositoryDir, input.sha);
  const refs = await refsContaining(repository.repositoryDir, commitId, input.type);
  const start = (input.page.page - 1) * input.page.perPage;
  return { refs: refs.slice(start, start + input.page.perPage), page: input.page.page, perPage: input.page.perPage, hasNext: refs.length > start + input.page.perPage };
}
