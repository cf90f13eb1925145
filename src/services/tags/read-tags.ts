import { notFound } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { pageOfList, type Page, type Paged } from '../../db/pagination.ts';
import type { Deps } from '../../deps.ts';
import { listTags, readTag, readTags, type TagListOrder } from '../../git/tags.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findReadableRepository } from '../repository/repository-access.ts';
import { searchRefs } from './tag-search.ts';
import { tagViews, type TagView } from './tag-view.ts';

/**
 * GET /projects/:id/repository/tags: ordered by the date of the commit each points at (`updated`,
 * GitLab's default), by name, or by version, newest (last) first unless `sort=asc`; `search` as
 * GitLab's (`^prefix`, `suffix$`, `*`). Only the page's tags are read in full.
 */
export async function listRepositoryTags(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; orderBy: TagListOrder; sort: 'asc' | 'desc'; search?: string; page: Page },
): Promise<Paged<TagView>> {
  const repository = await findReadableRepository(deps, actor, input.project);
  let tags = await listTags(repository.repositoryDir, input.orderBy);
  if (input.sort === 'desc') tags.reverse();
  if (input.search) tags = searchRefs(tags, input.search);
  const page = pageOfList(tags, input.page);
  const details = await readTags(repository.repositoryDir, page.items.map((tag) => tag.name));
  return { ...page, items: await tagViews(deps, repository.context, details) };
}

/** GET /projects/:id/repository/tags/:tag_name. */
export async function getRepositoryTag(deps: Deps, actor: Principal, input: { project: ProjectRef; tagName: string }): Promise<TagView> {
  const repository = await findReadableRepository(deps, actor, input.project);
  const tag = await readTag(repository.repositoryDir, input.tagName);
  if (!tag) throw notFound('Tag');
  return (await tagViews(deps, repository.context, [tag]))[0]!;
}
