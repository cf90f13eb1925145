import { AppError, notPermitted, rejected, type DeniedAction } from '../../domain/errors.ts';
import type { Principal, UserPrincipal } from '../../domain/principal.ts';
import { findProtectionRules } from '../../db/repositories/protected-refs.ts';
import { findReleaseByTag } from '../../db/repositories/releases.ts';
import type { ReleaseRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import { canCreateTag } from '../../policies/protection-policies.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findWritableRepository, type WritableRepository } from '../repository/repository-access.ts';

/** GitLab's "404 Not found" for a release or link that is not there (its RecordNotFound answer). */
export const releaseNotFound = (): AppError => rejected('404 Not found', 404);

/** GitLab's bare `not_found!` ("404 Not Found", capital F) of GET .../releases/:tag_name and .../permalink/latest. */
export const releaseNotFoundByRoute = (): AppError => rejected('404 Not Found', 404);

/**
 * Changing releases: the project visible, the role may push code (Developer+), and the caller may
 * create the release's tag (GitLab's ReleasePolicy: a protected tag's release is created, edited
 * and deleted, links included, only by whoever may create the tag). A refusal names the release
 * action refused; creating one answers GitLab's "You are not allowed to create this tag as it is protected."
 */
export async function findReleaseWriter(
  deps: Deps,
  actor: Principal,
  project: ProjectRef,
  action: Extract<DeniedAction, 'create_release' | 'update_release' | 'delete_release'>,
  tagName: string,
): Promise<{ user: UserPrincipal; repository: WritableRepository }> {
  const user = requireUser(actor);
  let repository: WritableRepository;
  try {
    repository = await findWritableRepository(deps, user, project);
  } catch (error) {
    if (error instanceof AppError && error.details.action === 'push_code') throw notPermitted(action);
    throw error;
  }
  const { project: row, facts } = repository.context;
  const rules = await findProtectionRules(deps.db, row.id);
  if (!canCreateTag(rules.tags, tagName, { level: facts.level, isAdmin: user.user.isAdmin })) {
    throw action === 'create_release'
      ? notPermitted('create_release_of_protected_tag', 'You are not allowed to create this tag as it is protected.')
      : notPermitted(action);
  }
  return { user, repository };
}

export async function findRelease(deps: Deps, projectId: number, tagName: string): Promise<ReleaseRow> {
  const release = await findReleaseByTag(deps.db, projectId, tagName);
  if (!release) throw releaseNotFound();
  return release;
}
