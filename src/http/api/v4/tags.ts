import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';
import { createTag } from '../../../services/tags/create-tag.ts';
import { deleteTag } from '../../../services/tags/delete-tag.ts';
import { getRepositoryTag, listRepositoryTags } from '../../../services/tags/read-tags.ts';
import { readPage } from '../../pagination.ts';
import { presentTag } from '../../presenters/tags.ts';
import { requireParams } from './file-params.ts';
import { paramsOf, pathParam, projectRef, sendPage } from './route-kit.ts';

/** Repository tags (GitLab's tags API): read from git, created and deleted through applyRefUpdates. */
export function tagRoutes(deps: Deps) {
  const base = deps.config.externalUrl;
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/projects/:id/repository/tags', { config: { auth: 'optional', ability: 'read_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const page = await listRepositoryTags(deps, request.principal, {
        project: projectRef(request),
        orderBy: params.oneOf('order_by', ['name', 'updated', 'version'] as const) ?? 'updated',
        sort: params.oneOf('sort', ['asc', 'desc'] as const) ?? 'desc',
        search: params.string('search', { max: 255 }),
        page: readPage(params),
      });
      return sendPage(request, reply, base, page, (view) => presentTag(view, base));
    });

    app.get('/projects/:id/repository/tags/:tag_name', { config: { auth: 'optional', ability: 'read_api' } }, async (request) => {
      const view = await getRepositoryTag(deps, request.principal, { project: projectRef(request), tagName: pathParam(request, 'tag_name') });
      return presentTag(view, base);
    });

    app.post('/projects/:id/repository/tags', { config: { ability: 'write_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      // Grape's `requires` (blank allowed: an empty name is the tag service's "Tag name invalid").
      requireParams(params, [['tag_name', true], ['ref', true]]);
      const view = await createTag(deps, request.principal, {
        project: projectRef(request),
        name: params.string('tag_name', { max: 1024 }) ?? '',
        ref: params.string('ref', { max: 1024 }) ?? '',
        message: params.string('message'),
      });
      reply.code(201);
      return presentTag(view, base);
    });

    app.delete('/projects/:id/repository/tags/:tag_name', { config: { ability: 'write_api' } }, async (request, reply) => {
      await deleteTag(deps, request.principal, { project: projectRef(request), tagName: pathParam(request, 'tag_name') });
      reply.code(204);
    });
  };
}
