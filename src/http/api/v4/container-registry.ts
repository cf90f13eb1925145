import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';
import {
  getContainerRepositoryTag,
  listContainerRepositoryTags,
  listProjectContainerRepositories,
} from '../../../services/registry/read-container-registry.ts';
import { readPage } from '../../pagination.ts';
import { presentContainerRepository, presentContainerTag, presentContainerTagDetails } from '../../presenters/container-registry.ts';
import { idParam, paramsOf, pathParam, projectRef, sendPage } from './route-kit.ts';

/** GitLab's container registry API (read side): repositories and tags as the registry reported them. */
export function containerRegistryRoutes(deps: Deps) {
  const { config } = deps;
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/projects/:id/registry/repositories', { config: { auth: 'optional', ability: 'read_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const withTags = params.boolean('tags') ?? false;
      const withCount = params.boolean('tags_count') ?? false;
      const { repositories, tags } = await listProjectContainerRepositories(deps, request.principal, {
        project: projectRef(request),
        withTags: withTags || withCount,
        page: readPage(params),
      });
      return sendPage(request, reply, config.externalUrl, repositories, (repository) =>
        presentContainerRepository(config, repository, {
          ...(withTags && { tags: tags.get(repository.id) ?? [] }),
          ...(withCount && { tagsCount: tags.get(repository.id)?.length ?? 0 }),
        }),
      );
    });

    app.get('/projects/:id/registry/repositories/:repository_id/tags', { config: { auth: 'optional', ability: 'read_api' } }, async (request, reply) => {
      const { repository, tags } = await listContainerRepositoryTags(deps, request.principal, {
        project: projectRef(request),
        repositoryId: idParam(request, 'repository_id', 'Repository'),
        page: readPage(paramsOf(request)),
      });
      return sendPage(request, reply, config.externalUrl, tags, (tag) => presentContainerTag(config, repository, tag));
    });

    app.get('/projects/:id/registry/repositories/:repository_id/tags/:tag_name', { config: { auth: 'optional', ability: 'read_api' } }, async (request) => {
      const { repository, tag } = await getContainerRepositoryTag(deps, request.principal, {
        project: projectRef(request),
        repositoryId: idParam(request, 'repository_id', 'Repository'),
        tagName: pathParam(request, 'tag_name'),
      });
      return presentContainerTagDetails(config, repository, tag);
    });
  };
}
