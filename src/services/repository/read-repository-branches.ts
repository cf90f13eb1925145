import { notFound } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { fullPathOf } from '../../domain/project-ref.ts';
import { pageOfList, type Page, type Paged } from '../../db/pagination.ts';
import type { Deps } from '../../deps.ts';
import { listBranches, type GitBranch } from '../../git/branches.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findReadableRepository } from './repository-access.ts';

export interface BranchView {
  branch: GitBranch;
  isDefault: boolean;
  canPush: boolean;
  projectPath: string;
}

async function branchesOf(deps: Deps, actor: Principal, project: ProjectRef) {
  const repository = await findReadableRepository(deps, actor, project);
  const { project: row } = repository.context;
  const view = (branch: GitBranch): BranchView => ({
    branch,
    isDefault: branch.name === row.default_branch,
    canPush: repository.canPush,
    projectPath: fullPathOf(repository.context),
  });
  return { branches: await listBranches(repository.repositoryDir), view };
}

/** GET /projects/:id/repository/branches: by name, `search` matching anywhere (case-insensitive). */
export async function listRepositoryBranches(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; search?: string; page: Page },
): Promise<Paged<BranchView>> {
  const { branches, view } = await branchesOf(deps, actor, input.project);
  const search = input.search?.toLowerCase();
  const matching = search ? branches.filter((branch) => branch.name.toLowerCase().includes(search)) : branches;
  return pageOfList(matching, input.page, view);
}

export async function getRepositoryBranch(deps: Deps, actor: Principal, input: { project: ProjectRef; branch: string }): Promise<BranchView> {
  const { branches, view } = await branchesOf(deps, actor, input.project);
  const branch = branches.find((candidate) => candidate.name === input.branch);
  if (!branch) throw notFound('Branch');
  return view(branch);
}
