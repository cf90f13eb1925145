import { AccessLevel } from '../../domain/access-levels.ts';
import { notFound } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { fullPathOf } from '../../domain/project-ref.ts';
import { pageOfList, type Page, type Paged } from '../../db/pagination.ts';
import { findProtectionRules } from '../../db/repositories/protected-refs.ts';
import type { Deps } from '../../deps.ts';
import { resolveCommit } from '../../git/blobs.ts';
import { listBranches, type GitBranch } from '../../git/branches.ts';
import { branchesMergedInto } from '../../git/ref-lists.ts';
import { canPushToBranch, matchingRules } from '../../policies/protection-policies.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findReadableRepository } from './repository-access.ts';

export interface BranchView {
  branch: GitBranch;
  isDefault: boolean;
  /** Merged into the default branch: its tip is in the default branch's history, and is not that branch's tip (GitLab's merged_to_root_ref?). */
  merged: boolean;
  /** Whether the caller could push to this branch (its protection included). */
  canPush: boolean;
  projectPath: string;
  /** A protection rule matches the branch. */
  protected: boolean;
  /** A matching rule lets Developers push (merge). */
  developersCanPush: boolean;
  developersCanMerge: boolean;
}

async function branchesOf(deps: Deps, actor: Principal, project: ProjectRef) {
  const repository = await findReadableRepository(deps, actor, project);
  const { project: row, facts } = repository.context;
  const { branches: rules } = await findProtectionRules(deps.db, row.id);
  const pusher = { level: facts.level, isAdmin: facts.actor?.isAdmin ?? false };
  const defaultHead = await resolveCommit(repository.repositoryDir, `refs/heads/${row.default_branch}`);
  const merged = defaultHead === null ? new Map<string, string>() : await branchesMergedInto(repository.repositoryDir, defaultHead);
  const view = (branch: GitBranch): BranchView => {
    const matching = matchingRules(rules, branch.name);
    return {
      branch,
      isDefault: branch.name === row.default_branch,
      merged: merged.has(branch.name) && branch.commit.id !== defaultHead,
      canPush: repository.canPush && canPushToBranch(matching, branch.name, pusher),
      projectPath: fullPathOf(repository.context),
      protected: matching.length > 0,
      developersCanPush: matching.some((rule) => rule.pushAccessLevel === AccessLevel.Developer),
      developersCanMerge: matching.some((rule) => rule.mergeAccessLevel === AccessLevel.Developer),
    };
  };
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
