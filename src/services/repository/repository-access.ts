import { notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import { repositoryPath } from '../../git/repository-path.ts';
import { codeAccess } from '../../policies/code-policies.ts';
import { findVisibleProject, type ProjectContext, type ProjectRef } from '../projects/project-context.ts';

export interface ReadableRepository {
  context: ProjectContext;
  repositoryDir: string;
  /** Whether the same caller could push (GitLab's `can_push` on a branch). */
  canPush: boolean;
}

/** Reading a repository through the API: the project visible, and the role may download code. */
export async function findReadableRepository(deps: Deps, actor: Principal, ref: ProjectRef): Promise<ReadableRepository> {
  const context = await findVisibleProject(deps, actor, ref);
  const access = codeAccess(actor, context.facts);
  if (!access.download) throw notPermitted('download_code');
  return { context, repositoryDir: repositoryPath(deps.config.dataDir, context.project.id), canPush: access.push };
}

export interface WritableRepository {
  context: ProjectContext;
  repositoryDir: string;
}

/**
 * Writing to a repository through the API (files, commits, branches, tags, releases): the project
 * visible and the role may push code (Developer+). Protected branches and tags are decided per ref
 * by applyRefUpdates.
 */
export async function findWritableRepository(deps: Deps, actor: Principal, ref: ProjectRef): Promise<WritableRepository> {
  const context = await findVisibleProject(deps, actor, ref);
  const access = codeAccess(actor, context.facts);
  if (!access.push) throw notPermitted('push_code');
  return { context, repositoryDir: repositoryPath(deps.config.dataDir, context.project.id) };
}
