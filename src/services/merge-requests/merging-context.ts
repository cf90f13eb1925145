import { notFound, rejected } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { findUserById } from '../../db/repositories/users.ts';
import type { MergeRequestRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import type { Stamp } from '../../git/merge-commit.ts';
import { codeAccess } from '../../policies/code-policies.ts';
import type { ProjectContext, ProjectRef } from '../projects/project-context.ts';
import { findMergeRequestInProject } from './merge-request-context.ts';

/** A merge request with its project and bare repository, as the merge, rebase and approval services need them. */
export interface MergingContext {
  context: ProjectContext;
  repositoryDir: string;
  mergeRequest: MergeRequestRow;
  /** The caller's push rights on the project (scope and role): Developer+. */
  canPush: boolean;
}

/**
 * The merge request `iid` as every merge request route finds it (`findMergeRequestInProject`: 404
 * for a hidden project or a missing merge request, 403 below Reporter), with the caller's push rights.
 */
export async function findMergingContext(deps: Deps, actor: Principal, input: { project: ProjectRef; iid: number }): Promise<MergingContext> {
  const found = await findMergeRequestInProject(deps, actor, input.project, input.iid, 'read');
  return { ...found, canPush: codeAccess(actor, found.context.facts).push };
}

/** Who commits (the actor's name and e-mail) and when. */
export async function stampOf(deps: Deps, userId: number): Promise<Stamp> {
  const user = await findUserById(deps.db, userId);
  if (!user) throw notFound('User');
  return { actor: { name: user.name, email: user.email }, date: deps.clock.now() };
}

/** A `sha` that is not the source's head: GitLab's check_sha_param! answers 409 naming the actual head, not the sha sent. */
export const shaMismatch = (head: string | null) => rejected(`SHA does not match HEAD of source branch: ${head ?? ''}`, 409);
