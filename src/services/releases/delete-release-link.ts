import type { Principal } from '../../domain/principal.ts';
import { fullPathOf } from '../../domain/project-ref.ts';
import { deleteReleaseLinkRow, findReleaseLink } from '../../db/repositories/releases.ts';
import type { ReleaseLinkRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findRelease, findReleaseWriter, releaseNotFound } from './release-access.ts';
import type { LinkContext } from './release-link-context.ts';

/** DELETE /projects/:id/releases/:tag_name/assets/links/:link_id: Developer+; answers the link as it was. */
export async function deleteReleaseAssetLink(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; tagName: string; linkId: number },
): Promise<{ link: ReleaseLinkRow; context: LinkContext }> {
  const { repository } = await findReleaseWriter(deps, actor, input.project, 'update_release', input.tagName);
  const release = await findRelease(deps, repository.context.project.id, input.tagName);
  const link = await findReleaseLink(deps.db, release.id, input.linkId);
  if (!link) throw releaseNotFound();
  await deleteReleaseLinkRow(deps.db, link.id);
  return { link, context: { projectPath: fullPathOf(repository.context), tagName: release.tag_name } };
}
