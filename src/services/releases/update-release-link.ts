import type { Principal } from '../../domain/principal.ts';
import { fullPathOf } from '../../domain/project-ref.ts';
import { findReleaseLink, updateReleaseLinkRow } from '../../db/repositories/releases.ts';
import type { ReleaseLinkRow } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import type { Deps } from '../../deps.ts';
import { rejected } from '../../domain/errors.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findRelease, findReleaseWriter, releaseNotFound } from './release-access.ts';
import type { LinkContext } from './release-link-context.ts';
import { linkErrors, type LinkFields } from './release-rules.ts';
import { linkFieldsOf, refuseLink } from './create-release-link.ts';

/** PUT /projects/:id/releases/:tag_name/assets/links/:link_id: Developer+; the fields given change. */
export async function updateReleaseAssetLink(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; tagName: string; linkId: number; changes: Partial<LinkFields> },
): Promise<{ link: ReleaseLinkRow; context: LinkContext }> {
  const { repository } = await findReleaseWriter(deps, actor, input.project, 'update_release', input.tagName);
  const release = await findRelease(deps, repository.context.project.id, input.tagName);
  const row = await findReleaseLink(deps.db, release.id, input.linkId);
  if (!row) throw releaseNotFound();
  const merged: LinkFields = {
    name: input.changes.name ?? row.name,
    url: input.changes.url ?? row.url,
    filepath: input.changes.filepath === undefined ? row.direct_asset_path : input.changes.filepath,
    linkType: input.changes.linkType ?? row.link_type,
  };
  refuseLink(linkErrors(merged, await linkFieldsOf(deps, release.id, row.id)));
  try {
    const link = await updateReleaseLinkRow(deps.db, row.id, {
      name: merged.name,
      url: merged.url,
      direct_asset_path: merged.filepath,
      link_type: merged.linkType,
      updated_at: deps.clock.now().toISOString(),
    });
    return { link, context: { projectPath: fullPathOf(repository.context), tagName: release.tag_name } };
  } catch (error) {
    if (isUniqueViolation(error)) throw rejected(['Name has already been taken']);
    throw error;
  }
}
