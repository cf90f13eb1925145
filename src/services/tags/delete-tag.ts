import { notFound } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { deleteReleaseRow, findReleaseByTag } from '../../db/repositories/releases.ts';
import type { Deps } from '../../deps.ts';
import { readTag, tagRef } from '../../git/tags.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { applyRefUpdates } from '../repository/apply-ref-updates.ts';
import { findWritableRepository } from '../repository/repository-access.ts';

/**
 * DELETE /projects/:id/repository/tags/:tag_name: Developer+ (and what protected tags allow). The
 * tag's release goes with it, as GitLab's tag service removes it; a release deleted on its own
 * keeps its tag.
 */
export async function deleteTag(deps: Deps, actor: Principal, input: { project: ProjectRef; tagName: string }): Promise<void> {
  const user = requireUser(actor);
  const repository = await findWritableRepository(deps, user, input.project);
  const tag = await readTag(repository.repositoryDir, input.tagName);
  if (!tag) throw notFound('Tag');
  await applyRefUpdates(deps, user, repository, [{ ref: tagRef(tag.name), before: tag.target, after: null }]);
  const release = await findReleaseByTag(deps.db, repository.context.project.id, tag.name);
  if (release) await deleteReleaseRow(deps.db, release.id);
}
