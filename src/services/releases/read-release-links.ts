import type { Principal } from '../../domain/principal.ts';
import { fullPathOf } from '../../domain/project-ref.ts';
import { findReleaseLink, listReleaseLinks } from '../../db/repositories/releases.ts';
import type { Page, Paged } from '../../db/pagination.ts';
import type { ReleaseLinkRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findReadableRepository } from '../repository/repository-access.ts';
import { findRelease, releaseNotFound } from './release-access.ts';
import type { LinkContext } from './release-link-context.ts';

async function readableRelease(deps: Deps, actor: Principal, project: ProjectRef, tagName: string) {
  const repository = await findReadableRepository(deps, actor, project);
  const release = await findRelease(deps, repository.context.project.id, tagName);
  return { repository, release };
}

/** GET /projects/:id/releases/:tag_name/assets/links: newest first. */
export async function listReleaseAssetLinks(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; tagName: string; page: Page },
): Promise<{ links: Paged<ReleaseLinkRow>; context: LinkContext }> {
  const { repository, release } = await readableRelease(deps, actor, input.project, input.tagName);
  return { links: await listReleaseLinks(deps.db, release.id, input.page), context: { projectPath: fullPathOf(repository.context), tagName: release.tag_name } };
}

/** GET /projects/:id/releases/:tag_name/assets/links/:link_id. */
export async function getReleaseAssetLink(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; tagName: string; linkId: number },
): Promise<{ link: ReleaseLinkRow; context: LinkContext }> {
  const { repository, release } = await readableRelease(deps, actor, input.project, input.tagName);
  const link = await findReleaseLink(deps.db, release.id, input.linkId);
  if (!link) throw releaseNotFound();
  return { link, context: { projectPath: fullPathOf(repository.context), tagName: release.tag_name } };
}
