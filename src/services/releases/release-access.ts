import { AppError, notPermitted, rejected, type DeniedAction } from '../../domain/errors.ts';
import type { Principal, UserPrincipal } from '../../domain/principal.ts';
import { findReleaseByTag } from '../../db/repositories/releases.ts';
import type { ReleaseRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findWritableRepository, type WritableRepository } from '../repository/repository-access.ts';

/** GitLab's "404 Not found" for a release or link that is not there (its RecordNotFound answer). */
export const releaseNotFound = (): AppError => rejected('404 Not found', 404);

/**
 * Changing releases: the project visible, the role may push code (Developer+); a refusal names
 * the release action refused.
 */
export async function findReleaseWriter(
  deps: Deps,
  actor: Principal,
  project: ProjectRef,
  action: Extract<DeniedAction, 'create_release' | 'update_release' | 'delete_release'>,
): Promise<{ user: UserPrincipal; repository: WritableRepository }> {
  const user = requireUser(actor);
  try {
    return { user, repository: await findWritableRepository(deps, user, project) };
  } catch (error) {
    if (error instanceof AppError && error.details.action === 'push_code') throw notPermitted(action);
    throw error;
  }
}

export async function findRelease(deps: Deps, projectId: number, tagName: string): Promise<ReleaseRow> {
  const release = await findReleaseByTag(deps.db, projectId, tagName);
  if (!release) throw releaseNotFound();
  return release;
}
