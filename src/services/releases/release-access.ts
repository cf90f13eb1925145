import { AppError, notPermitted, rejected, type DeniedAction } from '../../domain/errors.ts';
import type { Principal, UserPrincipal } from '../../domain/principal.ts';
import { findProtectionRules } from '../../db/repositories/protected-refs.ts';
import { findReleaseByTag } from '../../db/repositories/releases.ts';
import type { ReleaseRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import { decideTagUpdate } from '../../policies/protection-policies.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findWritableRepository, type WritableRepository } from '../repository/repository-access.ts';

/** GitLab's "404 Not found" for a release or link that is not there (its RecordNotFound answer). */
export const releaseNotFound = (): AppError => rejected('404 Not found', 404);

/**
 * Changing releases: the project visible, the role may push code (Developer+), and when the tag
 * is protected, the role may create it (GitLab's release permissions follow protected tags: a
 * Developer neither makes, edits, deletes nor relinks the release of a Maintainers-only `v*` tag);
 * a refusal names the release action refused.
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
  const { context } = repository;
  const rules = await findProtectionRules(deps.db, context.project.id);
  const pusher = { level: context.facts.level, isAdmin: user.user.isAdmin };
  if (decideTagUpdate({ rules: rules.tags, tag: tagName, kind: 'create', pusher, source: 'api' }) !== null) throw notPermitted(action);
  return { user, repository };
}

export async function findRelease(deps: Deps, projectId: number, tagName: string): Promise<ReleaseRow> {
  const release = await findReleaseByTag(deps.db, projectId, tagName);
  if (!release) throw releaseNotFound();
  return release;
}
