import { notFound } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { findMergeRequest } from '../../db/repositories/merge-requests.ts';
import { findUserById } from '../../db/repositories/users.ts';
import type { MergeRequestRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import type { Stamp } from '../../git/merge-commit.ts';
import { repositoryPath } from '../../git/repository-path.ts';
import { codeAccess } from '../../policies/code-policies.ts';
import { findVisibleProject, type ProjectContext, type ProjectRef } from '../projects/project-context.ts';

/** A merge request with its project and bare repository, as the merge, rebase and approval services need them. */
export interface MergingContext {
  context: ProjectContext;
  repositoryDir: string;
  mergeRequest: MergeRequestRow;
  /** The caller's push rights on the project (scope and role): Developer+. */
  canPush: boolean;
}

/** The merge request `iid` of a project the caller sees and whose code they may read; 404 otherwise. */
export async function findMergingContext(deps: Deps, actor: Principal, input: { project: ProjectRef; iid: number }): Promise<MergingContext> {
  const context = await findVisibleProject(deps, actor, input.project);
  const access = codeAccess(actor, context.facts);
  const mergeRequest = access.download ? await findMergeRequest(deps.db, context.project.id, input.iid) : undefined;
  if (!mergeRequest) throw notFound('Merge Request');
  return { context, repositoryDir: repositoryPath(deps.config.dataDir, context.project.id), mergeRequest, canPush: access.push };
}

/** Who commits (the actor's name and e-mail) and when. */
export async function stampOf(deps: Deps, userId: number): Promise<Stamp> {
  const user = await findUserById(deps.db, userId);
  if (!user) throw notFound('User');
  return { actor: { name: user.name, email: user.email }, date: deps.clock.now() };
}
