import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';
import { createRepositoryBranch } from '../../../services/repository/create-repository-branch.ts';
import { deleteMergedBranches } from '../../../services/repository/delete-merged-branches.ts';
import { deleteRepositoryBranch } from '../../../services/repository/delete-repository-branch.ts';
import { getRepositoryBranch, listRepositoryBranches } from '../../../services/repository/read-repository-branches.ts';
import { readPage } from '../../pagination.ts';
import { presentBranch } from '../../presenters/repository.ts';
import { requireParams } from './file-params.ts';
import { paramsOf, pathParam, projectRef, sendPage } from './route-kit.ts';

/**
 * Branches, straight from git: reading needs `read_api`; creating and deleting branches (`api`)
 * moves refs as a push would, refusals worded as GitLab's (`{"message": ...}`).
 */
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

    app.get('/projects/:id/repository/branches/:branch', { config: { auth: 'optional', ability: 'read_api' }, exposeHeadRoute: false }, async (request) => {
      const view = await getRepositoryBranch(deps, request.principal, { project: projectRef(request), branch: pathParam(request, 'branch') });
      return presentBranch(view, base);
    });

    // GitLab's existence check: 204 when the branch exists, 404 otherwise.
    app.head('/projects/:id/repository/branches/:branch', { config: { auth: 'optional', ability: 'read_api' } }, async (request, reply) => {
      await getRepositoryBranch(deps, request.principal, { project: projectRef(request), branch: pathParam(request, 'branch') });
      return reply.code(204).send();
    });

    app.post('/projects/:id/repository/branches', { config: { ability: 'write_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      requireParams(params, [['branch', false], ['ref', false]]);
      const branch = params.string('branch', { required: true, max: 1024 });
      const ref = params.string('ref', { required: true, max: 1024 });
      const view = await createRepositoryBranch(deps, request.principal, { project: projectRef(request), branch, ref });
      reply.code(201);
      return presentBranch(view, base);
    });

    app.delete('/projects/:id/repository/branches/:branch', { config: { ability: 'write_api' } }, async (request, reply) => {
      await deleteRepositoryBranch(deps, request.principal, { project: projectRef(request), branch: pathParam(request, 'branch') });
      return reply.code(204).send();
    });

    // GitLab deletes them in a background job and answers 202 at once; here they are gone when it answers.
    app.delete('/projects/:id/repository/merged_branches', { config: { ability: 'write_api' } }, async (request, reply) => {
      await deleteMergedBranches(deps, request.principal, { project: projectRef(request) });
      return reply.code(202).send({ message: '202 Accepted' });
    });
  };
}
