import { rejected } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { fullPathOf } from '../../domain/project-ref.ts';
import { insertReleaseLinks, linksOfReleases } from '../../db/repositories/releases.ts';
import type { ReleaseLinkRow } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import type { Deps } from '../../deps.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findRelease, findReleaseWriter } from './release-access.ts';
import type { LinkContext } from './release-link-context.ts';
import { linkErrors, type LinkFields } from './release-rules.ts';

/** The fields of the release's links, to check a new or changed one against. */
export async function linkFieldsOf(deps: Deps, releaseId: number, except?: number): Promise<LinkFields[]> {
  const rows = (await linksOfReleases(deps.db, [releaseId])).get(releaseId) ?? [];
  return rows.filter((row) => row.id !== except).map((row) => ({ name: row.name, url: row.url, filepath: row.direct_asset_path, linkType: row.link_type }));
}

/** GitLab's answer to invalid links: 400 with the model's messages as a list. */
export function refuseLink(errors: string[]): void {
  if (errors.length > 0) throw rejected(errors);
}

/** POST /projects/:id/releases/:tag_name/assets/links: Developer+. */
export async function createReleaseAssetLink(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; tagName: string; link: LinkFields },
): Promise<{ link: ReleaseLinkRow; context: LinkContext }> {
  const { repository } = await findReleaseWriter(deps, actor, input.project, 'update_release', input.tagName);
  const release = await findRelease(deps, repository.context.project.id, input.tagName);
  refuseLink(linkErrors(input.link, await linkFieldsOf(deps, release.id)));
  const now = deps.clock.now().toISOString();
  try {
    const [link] = await insertReleaseLinks(deps.db, [
      { release_id: release.id, name: input.link.name, url: input.link.url, direct_asset_path: input.link.filepath, link_type: input.link.linkType, created_at: now, updated_at: now },
    ]);
    return { link: link!, context: { projectPath: fullPathOf(repository.context), tagName: release.tag_name } };
  } catch (error) {
    if (isUniqueViolation(error)) throw rejected(['Name has already been taken']); // a concurrent request won
    throw error;
  }
}
