import type { Config } from '../../config.ts';
import type { ContainerRepositoryRow, ContainerRepositoryTagRow } from '../../db/schema.ts';

/** Where clients pull from: `<registry host>/<path>`, or the bare path when no registry is configured. */
function location(config: Config, path: string): string {
  return config.registry.host === null ? path : `${config.registry.host}/${path}`;
}

export function presentContainerTag(config: Config, repository: ContainerRepositoryRow, tag: ContainerRepositoryTagRow) {
  const path = `${repository.path}:${tag.name}`;
  return { name: tag.name, path, location: location(config, path) };
}

/** GitLab's tag details entity. */
export function presentContainerTagDetails(config: Config, repository: ContainerRepositoryRow, tag: ContainerRepositoryTagRow) {
  return {
    ...presentContainerTag(config, repository, tag),
    revision: tag.revision,
    short_revision: tag.revision === null ? null : tag.revision.slice(0, 9),
    digest: tag.digest,
    created_at: tag.updated_at,
    total_size: tag.total_size === null ? null : Number(tag.total_size),
  };
}

export function presentContainerRepository(
  config: Config,
  repository: ContainerRepositoryRow,
  options: { tags?: ContainerRepositoryTagRow[]; tagsCount?: number } = {},
) {
  return {
    id: repository.id,
    name: repository.name,
    path: repository.path,
    project_id: repository.project_id,
    location: location(config, repository.path),
    created_at: repository.created_at,
    cleanup_policy_started_at: null,
    status: null,
    ...(options.tagsCount !== undefined && { tags_count: options.tagsCount }),
    ...(options.tags !== undefined && { tags: options.tags.map((tag) => presentContainerTag(config, repository, tag)) }),
  };
}
