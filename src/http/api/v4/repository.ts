import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';
import { getRepositoryBranch, listRepositoryBranches } from '../../../services/repository/read-repository-branches.ts';
import { readRepositoryFile } from '../../../services/repository/read-repository-file.ts';
import { readPage } from '../../pagination.ts';
import { presentBranch } from '../../presenters/repository.ts';
import { paramsOf, pathParam, projectRef, sendPage } from './route-kit.ts';

/** Reading what was pushed: branches and raw files, straight from git (`read_api` is enough). */
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

    app.get('/projects/:id/repository/files/:file_path/raw', { config: { auth: 'optional', ability: 'read_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const file = await readRepositoryFile(deps, request.principal, {
        project: projectRef(request),
        filePath: pathParam(request, 'file_path'),
        ref: params.string('ref', { max: 1024 }) || undefined,
      });
      reply.headers({
        'content-type': 'text/plain; charset=utf-8',
        'content-length': String(file.size),
        'content-disposition': `inline; filename="${file.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        'x-content-type-options': 'nosniff',
        'x-gitlab-blob-id': file.blobId,
        'x-gitlab-commit-id': file.commitId,
        'x-gitlab-file-name': encodeURIComponent(file.fileName),
        'x-gitlab-file-path': encodeURIComponent(file.filePath),
        'x-gitlab-ref': encodeURIComponent(file.ref),
        'x-gitlab-size': String(file.size),
      });
      return reply.send(file.open());
    });
  };
}
