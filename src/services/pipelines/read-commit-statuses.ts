import type { Principal } from '../../domain/principal.ts';
import type { Page, Paged } from '../../db/pagination.ts';
import { listCommitStatuses, type StatusFilter } from '../../db/repositories/pipelines.ts';
import { findUsersByIds } from '../../db/repositories/users.ts';
import type { CommitStatusRow, UserRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findCommitId } from '../repository/commit-lookup.ts';
import { findReadableRepository } from '../repository/repository-access.ts';

/** GET /projects/:id/repository/commits/:sha/statuses: whoever may read the code; 404 Commit Not Found for no commit. */
export async function readCommitStatuses(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; sha: string; filter: StatusFilter; order: { by: 'id' | 'pipeline_id'; direction: 'asc' | 'desc' }; page: Page },
): Promise<Paged<{ status: CommitStatusRow; author: UserRow | undefined }>> {
  const repository = await findReadableRepository(deps, actor, input.project);
  const sha = await findCommitId(repository.repositoryDir, input.sha);
  const page = await listCommitStatuses(deps.db, repository.context.project.id, sha, input.filter, input.order, input.page);
  const authors = await findUsersByIds(deps.db, [...new Set(page.items.flatMap((status) => (status.author_id === null ? [] : [status.author_id])))]);
  return { ...page, items: page.items.map((status) => ({ status, author: status.author_id === null ? undefined : authors.get(status.author_id) })) };
}
