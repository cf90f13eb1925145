import type { Principal } from '../../domain/principal.ts';
import { findLatestRelease, findReleaseByTag, listReleases, type ReleaseOrder } from '../../db/repositories/releases.ts';
import type { Page, Paged } from '../../db/pagination.ts';
import type { Deps } from '../../deps.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findReadableRepository } from '../repository/repository-access.ts';
import { findProtectionRules } from '../../db/repositories/protected-refs.ts';
import { canCreateTag } from '../../policies/protection-policies.ts';
import type { ReadableRepository } from '../repository/repository-access.ts';
import { releaseNotFoundByRoute } from './release-access.ts';
import { releaseViews, type ReleaseView } from './release-view.ts';

/** GitLab's `_links.edit_url` condition: the caller may push, and create the release's tag (protected tags). */
async function editableTags(deps: Deps, repository: ReadableRepository): Promise<(tagName: string) => boolean> {
  if (!repository.canPush) return () => false;
  const { project, facts } = repository.context;
  const { tags: rules } = await findProtectionRules(deps.db, project.id);
  const pusher = { level: facts.level, isAdmin: facts.actor?.isAdmin ?? false };
  return (tagName) => canCreateTag(rules, tagName, pusher);
}

/** GET /projects/:id/releases: Reporter+ (or a readable public/internal project), newest released first by default. */
export async function listProjectReleases(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; orderBy: ReleaseOrder; sort: 'asc' | 'desc'; page: Page },
): Promise<Paged<ReleaseView>> {
  const repository = await findReadableRepository(deps, actor, input.project);
  const page = await listReleases(deps.db, repository.context.project.id, { by: input.orderBy, direction: input.sort }, input.page);
  return { ...page, items: await releaseViews(deps, repository, page.items, await editableTags(deps, repository)) };
}

/** GET /projects/:id/releases/:tag_name. */
export async function getProjectRelease(deps: Deps, actor: Principal, input: { project: ProjectRef; tagName: string }): Promise<ReleaseView> {
  const repository = await findReadableRepository(deps, actor, input.project);
  const release = await findReleaseByTag(deps.db, repository.context.project.id, input.tagName);
  if (!release) throw releaseNotFoundByRoute();
  return (await releaseViews(deps, repository, [release], await editableTags(deps, repository)))[0]!;
}

/** GET /projects/:id/releases/permalink/latest: the project and tag of the release with the latest released_at. */
export async function findLatestProjectRelease(deps: Deps, actor: Principal, input: { project: ProjectRef }): Promise<{ projectId: number; tagName: string }> {
  const repository = await findReadableRepository(deps, actor, input.project);
  const latest = await findLatestRelease(deps.db, repository.context.project.id);
  if (!latest) throw releaseNotFoundByRoute();
  return { projectId: latest.project_id, tagName: latest.tag_name };
}
