import { invalidParam, notFound } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { pageOfList, type Page, type Paged } from '../../db/pagination.ts';
import type { Deps } from '../../deps.ts';
import { resolveCommit } from '../../git/blobs.ts';
import { isGitFilePath } from '../../git/file-path.ts';
import { listTree, TreeTooLargeError, type TreeEntry } from '../../git/tree-entries.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findReadableRepository } from './repository-access.ts';

const ORDER: Record<TreeEntry['type'], number> = { tree: 0, blob: 1, commit: 2 };

/**
 * GET /projects/:id/repository/tree: the entries of a directory at a ref (the default branch when
 * none), directories first, then files, then submodules, each in git's order, as GitLab sorts them.
 * A ref naming no commit is 404 "Tree Not Found"; a path that is no directory there, 404 "invalid
 * revision or path". `page` null: every entry (GitLab's `pagination=none`).
 */
export async function readRepositoryTree(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; path?: string; ref?: string; recursive: boolean; page: Page | null },
): Promise<Paged<TreeEntry>> {
  const repository = await findReadableRepository(deps, actor, input.project);
  const path = input.path?.replace(/\/+$/, '') || null;
  if (path !== null && !isGitFilePath(path)) throw invalidParam('path should be a valid file path');
  const commit = await resolveCommit(repository.repositoryDir, input.ref ?? repository.context.project.default_branch);
  if (commit === null) throw notFound('Tree');
  let entries: TreeEntry[] | null;
  try {
    entries = await listTree(repository.repositoryDir, commit, path, input.recursive);
  } catch (error) {
    if (error instanceof TreeTooLargeError) throw invalidParam('the tree is too large to list: narrow it with path');
    throw error;
  }
  if (entries === null) throw notFound('invalid revision or path');
  const sorted = entries.map((entry, index) => ({ entry, index })).sort((a, b) => ORDER[a.entry.type] - ORDER[b.entry.type] || a.index - b.index);
  const all = sorted.map(({ entry }) => entry);
  return input.page === null ? { items: all, total: all.length, page: 1, perPage: all.length } : pageOfList(all, input.page);
}
