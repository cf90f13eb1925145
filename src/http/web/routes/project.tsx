import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';
import { AppError } from '../../../domain/errors.ts';
import { fullPathOf } from '../../../domain/project-ref.ts';
import { findVisibleGroup } from '../../../services/groups/group-context.ts';
import { findVisibleProject } from '../../../services/projects/project-context.ts';
import { browseRepositoryOverview } from '../../../services/repository/browse-repository-overview.ts';
import { containerRegistryImagePrefix, projectUrls } from '../../presenters/projects.ts';
import { noticeOf } from '../notices.ts';
import { ProjectPage, type ProjectUrls } from '../pages/project.tsx';
import { projectRefOf } from '../paths.ts';
import { sendPage } from '../render.ts';
import { sendGroupOverview } from './groups.tsx';
import { principalOf, viewOf } from '../web-context.ts';

export function projectRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    // A public project can be seen signed out; a hidden one sends a signed-out visitor to sign in.
    app.get('/:namespace/:project', { config: { auth: 'optional' } }, async (request, reply) => {
      const context = await findVisibleProject(deps, principalOf(request), projectRefOf(request.params)).catch(async (error: unknown) => {
        // `/<group>/<subgroup>` is a subgroup's overview when no project has that path (GitLab's routing).
        if (!(error instanceof AppError) || error.code !== 'not_found') throw error;
        const group = await findVisibleGroup(deps, principalOf(request), projectRefOf(request.params)).catch(() => null);
        if (group === null) throw error;
        return group;
      });
      if ('group' in context) return sendGroupOverview(deps, request, reply, context);
      // The API presenter's own helpers give the URLs, so page and API never disagree.
      const fullPath = fullPathOf(context);
      const { http_url_to_repo, ssh_url_to_repo } = projectUrls(deps.config, fullPath);
      const urls: ProjectUrls = {
        httpUrl: http_url_to_repo,
        sshUrl: ssh_url_to_repo,
        registryImagePrefix: containerRegistryImagePrefix(deps.config, fullPath),
      };
      const repository = await browseRepositoryOverview(deps, principalOf(request), { project: context.project.id });
      return sendPage(reply, <ProjectPage view={viewOf(request)} context={context} urls={urls} repository={repository} notice={noticeOf(request.query)} />);
    });
  };
}
