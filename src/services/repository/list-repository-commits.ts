import { invalidParam, rejected } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { fullPathOf } from '../../domain/project-ref.ts';
import type { Page } from '../../db/pagination.ts';
import type { Deps } from '../../deps.ts';
import { resolveCommit } from '../../git/blobs.ts';
import { isGitFilePath } from '../../git/file-path.ts';
import { commitStats, logCommits, type CommitStats, type LoggedCommit } from '../../git/log.ts';
import { isSafeRevision } from '../../git/ref-name.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findReadableRepository } from './repository-access.ts';

export interface CommitListInput {
  project: ProjectRef;
  refName?: string;
  path?: string;
  since?: string;
  until?: string;
  author?: string;
  all?: boolean;
  withStats?: boolean;
  firstParent?: boolean;
  order?: 'default' | 'topo';
  page: Page;
}

export interface CommitListPage {
  commits: { logged: LoggedCommit; stats?: CommitStats }[];
  page: number;
  perPage: number;
  /** Whether another commit follows this page (GitLab does not count them all). */
  hasNext: boolean;
  projectPath: string;
}

/**
 * `ref_name` as git revisions: a branch, tag or commit, or a range `a..b` / `a...b`; null when a
 * side names no commit (an empty list, as GitLab answers).
 */
async function revisionsOf(repositoryDir: string, refName: string): Promise<string[] | null> {
  const range = /^(.+?)(\.\.\.?)(.+)$/.exec(refName);
  const sides = range ? [range[1]!, range[3]!] : [refName];
  if (!sides.every(isSafeRevision)) throw rejected('ref_name is invalid');
  const ids = await Promise.all(sides.map((side) => resolveCommit(repositoryDir, side)));
  if (ids.some((id) => id === null)) return null;
  return range ? [`${ids[0]}${range[2]}${ids[1]}`] : [ids[0]!];
}

/** GET /projects/:id/repository/commits: a page of history with GitLab's filters. */
export async function listRepositoryCommits(deps: Deps, actor: Principal, input: CommitListInput): Promise<CommitListPage> {
  const repository = await findReadableRepository(deps, actor, input.project);
  const { project } = repository.context;
  const empty: CommitListPage = { commits: [], page: input.page.page, perPage: input.page.perPage, hasNext: false, projectPath: fullPathOf(repository.context) };
  // A folder may be named with a trailing slash; an empty path is no filter.
  const path = input.path?.replace(/\/+$/, '') || undefined;
  if (path !== undefined && !isGitFilePath(path)) throw invalidParam('path is invalid');
  const revisions = input.all ? [] : await revisionsOf(repository.repositoryDir, input.refName || project.default_branch);
  if (revisions === null) return empty;
  const logged = await logCommits(repository.repositoryDir, {
    revisions,
    all: input.all,
    path,
    since: input.since,
    until: input.until,
    author: input.author,
    firstParent: input.firstParent,
    topo: input.order === 'topo',
    skip: (input.page.page - 1) * input.page.perPage,
    // One more than the page: whether there is a next page, without counting the whole history.
    limit: input.page.perPage + 1,
  });
  const onPage = logged.slice(0, input.page.perPage);
  const stats = input.withStats ? await commitStats(repository.repositoryDir, onPage.map(({ commit }) => commit.id)) : undefined;
  return {
    ...empty,
    commits: onPage.map((entry) => ({ logged: entry, stats: stats?.get(entry.commit.id) })),
    hasNext: logged.length > input.page.perPage,
  };
}
