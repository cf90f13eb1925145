import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';
import { listCommitMergeRequests } from '../../../services/repository/list-commit-merge-requests.ts';
import { readPage } from '../../pagination.ts';
import { presentMergeRequestBasic } from '../../presenters/merge-requests.ts';
import { paramsOf, pathParam, projectRef, sendPage } from './route-kit.ts';

/** The merge requests of a commit (release bots such as semantic-release ask it for every released commit). */
export function commitMergeRequestRoutes(deps: Deps) {
  const base = deps.config.externalUrl;
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/projects/:id/repository/commits/:sha/merge_requests', { config: { auth: 'optional', ability: 'read_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const { mergeRequests, view } = await listCommitMergeRequests(deps, request.principal, {
        project: projectRef(request),
        sha: pathParam(request, 'sha'),
        state: params.oneOf('state', ['opened', 'closed', 'locked', 'merged'] as const),
        page: readPage(params),
      });
      return sendPage(request, reply, base, mergeRequests, (mr) => presentMergeRequestBasic(mr, view, base));
    });
  };
}
