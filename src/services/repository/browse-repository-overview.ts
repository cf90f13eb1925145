import { AppError } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import { hasBranch } from '../../git/repository-state.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { browseRepositoryTree, type BrowsedTree } from './browse-repository-tree.ts';
import { findReadableRepository } from './repository-access.ts';

export type RepositoryOverview = { state: 'no_code_access' } | { state: 'empty' } | { state: 'no_default_branch' } | { state: 'ready'; tree: BrowsedTree };

/**
 * The project overview's repository part: the default branch's tree and README, or, for a
 * repository with no branch yet, what it takes to push the first commit. Roles that may not read
 * the code see neither.
 */
export async function browseRepositoryOverview(deps: Deps, actor: Principal, input: { project: ProjectRef }): Promise<RepositoryOverview> {
  let repository;
  try {
    repository = await findReadableRepository(deps, actor, input.project);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_permitted') return { state: 'no_code_access' };
    throw error;
  }
  if (!(await hasBranch(repository.repositoryDir))) return { state: 'empty' };
  try {
    return { state: 'ready', tree: await browseRepositoryTree(deps, actor, { ...input, refAndPath: '', page: 1 }) };
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return { state: 'no_default_branch' };
    throw error;
  }
}
