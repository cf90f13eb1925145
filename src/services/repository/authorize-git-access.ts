import { type AppError, notFound, notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import type { ProjectWithNamespace } from '../../db/repositories/projects.ts';
import type { Deps } from '../../deps.ts';
import { repositoryPath } from '../../git/repository-path.ts';
import { codeAccess } from '../../policies/code-policies.ts';
import { findVisibleProject, PROJECT_NOT_FOUND, type ProjectContext } from '../projects/project-context.ts';

/** download: clone, fetch, archive. upload: push. */
export type GitOperation = 'download' | 'upload';

export const GIT_REFUSALS: Record<GitOperation, string> = {
  download: 'You are not allowed to download code.',
  upload: 'You are not allowed to upload code.',
};

export interface GitAccess {
  project: ProjectWithNamespace;
  /** The project as the caller sees it (their level decides protected branches and tags). */
  context: ProjectContext;
  repositoryDir: string;
}

/**
 * The one decision for Git over HTTP and SSH. A project the caller cannot see is `not_found`
 * (never a hint that it exists); then the credential's scope must grant the ability, then the
 * role must permit it (Reporter+ or a readable public/internal project pulls, Developer+ pushes).
 * Both refusals are `not_permitted` with the message git prints.
 */
export async function authorizeGitAccess(
  deps: Deps,
  actor: Principal,
  input: { projectPath: string; operation: GitOperation },
): Promise<GitAccess> {
  const context = await findVisibleProject(deps, actor, input.projectPath);
  const access = codeAccess(actor, context.facts);
  if (input.operation === 'upload' && !access.push) throw notPermitted('push_code', GIT_REFUSALS.upload);
  if (input.operation === 'download' && !access.download) throw notPermitted('download_code', GIT_REFUSALS.download);
  return {
    project: { project: context.project, namespace: context.namespace },
    context,
    repositoryDir: repositoryPath(deps.config.dataDir, context.project.id),
  };
}

export const GIT_PROJECT_NOT_FOUND =
  "The project you were looking for could not be found or you don't have permission to view it.";

/** For transports that name a malformed path: the same answer as for a missing project. */
export const gitProjectNotFound = (): AppError => notFound(PROJECT_NOT_FOUND);
