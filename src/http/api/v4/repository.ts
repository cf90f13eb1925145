import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';
import { getRepositoryBranch, listRepositoryBranches } from '../../../services/repository/read-repository-branches.ts';
import { readPage } from '../../pagination.ts';
import { presentBranch } from '../../presenters/repository.ts';
import { paramsOf, pathParam, projectRef, sendPage } from './route-kit.ts';

/** Reading what was pushed: branches, straight from git (`read_api` is enough). */
export function repositoryRoutes(deps: Deps) {
  const base = deps.config.externalUrl;
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/projects/:id/repository/branches', { config: { auth: 'optional', ability: 'read_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const page = await listRepositoryBranches(deps, request.principal, {
        project: projectRef(request),
        search: params.string('search', { max: 255 }),
        page: readPage(params),
      });
      return sendPage(request, reply, base, page, (view) => presentBranch(view, base));
    });

    app.get('/projects/:id/repository/branches/:branch', { config: { auth: 'optional', ability: 'read_api' } }, async (request) => {
      const view = await getRepositoryBranch(deps, request.principal, { project: projectRef(request), branch: pathParam(request, 'branch') });
      return presentBranch(view, base);
    });
  };
}
