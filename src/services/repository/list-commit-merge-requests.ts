import type { Principal } from '../../domain/principal.ts';
import { pageOfList, type Page, type Paged } from '../../db/pagination.ts';
import type { Deps } from '../../deps.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findCommitId } from './commit-lookup.ts';
import { findReadableRepository } from './repository-access.ts';

/**
 * GET /projects/:id/repository/commits/:sha/merge_requests: the merge requests that contain a
 * commit (an id, a branch or a tag). Latchkey has no merge requests, so the answer is an empty page
 * for a commit that exists (release bots such as semantic-release ask it for every released
 * commit) and GitLab's 404 for one that does not.
 */
export async function listCommitMergeRequests(deps: Deps, actor: Principal, input: { project: ProjectRef; sha: string; page: Page }): Promise<Paged<never>> {
  const repository = await findReadableRepository(deps, actor, input.project);
  await findCommitId(repository.repositoryDir, input.sha);
  return pageOfList([], input.page);
}
