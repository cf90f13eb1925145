import { notFound, notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Page, Paged } from '../../db/pagination.ts';
import {
  findContainerTag,
  findProjectContainerRepository,
  listContainerRepositories,
  listContainerTags,
  listTagsOfRepositories,
} from '../../db/repositories/container-registry.ts';
import type { ContainerRepositoryRow, ContainerRepositoryTagRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { canReadContainerImages } from '../../policies/registry-policies.ts';
import { findVisibleProject, type ProjectRef } from '../projects/project-context.ts';

/** The role gate of reading a project's registry through the API (the route's ability, read_api, is the scope gate). */
async function readableProject(deps: Deps, actor: Principal, project: ProjectRef) {
  const context = await findVisibleProject(deps, actor, project);
  if (!canReadContainerImages(context.facts)) throw notPermitted('read_container_images');
  return context;
}

async function readableRepository(deps: Deps, actor: Principal, input: { project: ProjectRef; repositoryId: number }) {
  const context = await readableProject(deps, actor, input.project);
  const repository = await findProjectContainerRepository(deps.db, context.project.id, input.repositoryId);
  if (!repository) throw notFound('Repository');
  return repository;
}

export async function listProjectContainerRepositories(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; withTags: boolean; page: Page },
): Promise<{ repositories: Paged<ContainerRepositoryRow>; tags: Map<number, ContainerRepositoryTagRow[]> }> {
  const context = await readableProject(deps, actor, input.project);
  const repositories = await listContainerRepositories(deps.db, context.project.id, input.page);
  const tags = input.withTags ? await listTagsOfRepositories(deps.db, repositories.items.map((r) => r.id)) : new Map();
  return { repositories, tags };
}

export async function listContainerRepositoryTags(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; repositoryId: number; page: Page },
): Promise<{ repository: ContainerRepositoryRow; tags: Paged<ContainerRepositoryTagRow> }> {
  const repository = await readableRepository(deps, actor, input);
  return { repository, tags: await listContainerTags(deps.db, repository.id, input.page) };
}

export async function getContainerRepositoryTag(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; repositoryId: number; tagName: string },
): Promise<{ repository: ContainerRepositoryRow; tag: ContainerRepositoryTagRow }> {
  const repository = await readableRepository(deps, actor, input);
  const tag = await findContainerTag(deps.db, repository.id, input.tagName);
  if (!tag) throw notFound('Tag');
  return { repository, tag };
}
