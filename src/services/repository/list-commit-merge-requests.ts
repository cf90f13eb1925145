import type { Principal } from '../../domain/principal.ts';
import { pageOfList, type Page, type Paged } from '../../db/pagination.ts';
import { listMergeRequests, mergeRequestsWithCommits } from '../../db/repositories/merge-request-list.ts';
import type { MergeRequestRow, MergeRequestState } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { runGit } from '../../git/run-git.ts';
import { MAX_MERGE_REQUEST_COMMITS } from '../merge-requests/read-merge-request-changes.ts';
import { loadMergeRequestView, type MergeRequestView } from '../merge-requests/merge-request-view.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findCommitId } from './commit-lookup.ts';
import { findReadableRepository } from './repository-access.ts';

/** The most merge requests (newest first) whose own commits are walked looking for the commit. */
export const MAX_WALKED_MERGE_REQUESTS = 100;

/** Whether `sha` is one of the merge request's own commits (its head back to its merge base, at most MAX_MERGE_REQUEST_COMMITS). */
async function ownsCommit(repositoryDir: string, mr: MergeRequestRow, sha: string): Promise<boolean> {
  if (mr.head_sha === null || mr.base_sha === null) return false;
  try {
    const out = await runGit(['rev-list', `--max-count=${MAX_MERGE_REQUEST_COMMITS}`, '--end-of-options', mr.head_sha, `^${mr.base_sha}`], { cwd: repositoryDir });
    return out.toString('utf8').split('\n').includes(sha);
  } catch {
    return false; // its commits are gone from the repository
  }
}

/**
 * GET /projects/:id/repository/commits/:sha/merge_requests: the merge requests that contain a
 * commit (an id, a branch or a tag): those whose head, merge or squash commit it is, or whose own
 * commits include it (looked for in the newest MAX_WALKED_MERGE_REQUESTS); newest first.
 * GitLab's 404 `Commit Not Found` for a commit that does not exist.
 */
export async function listCommitMergeRequests(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; sha: string; state?: MergeRequestState; page: Page },
): Promise<{ mergeRequests: Paged<MergeRequestRow>; view: MergeRequestView }> {
  const { context, repositoryDir } = await findReadableRepository(deps, actor, input.project);
  const sha = await findCommitId(repositoryDir, input.sha);
  const projectId = context.project.id;
  const [direct, recent] = await Promise.all([
    mergeRequestsWithCommits(deps.db, projectId, [sha]),
    listMergeRequests(deps.db, { projectIds: [projectId] }, { by: 'created_at', direction: 'desc' }, { page: 1, perPage: MAX_WALKED_MERGE_REQUESTS }),
  ]);
  const found = new Map(direct.map((mr) => [mr.id, mr]));
  for (const mr of recent.items) {
    if (!found.has(mr.id) && (await ownsCommit(repositoryDir, mr, sha))) found.set(mr.id, mr);
  }
  const all = [...found.values()].filter((mr) => input.state === undefined || mr.state === input.state).sort((a, b) => b.id - a.id);
  const mergeRequests = pageOfList(all, input.page);
  return { mergeRequests, view: await loadMergeRequestView(deps, context, mergeRequests.items) };
}
