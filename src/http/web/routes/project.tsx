import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';
import { findVisibleProject } from '../../../services/project-context.ts';
import { presentProject } from '../../presenters/projects.ts';
import { noticeOf } from '../notices.ts';
import { ProjectPage, type ProjectUrls } from '../pages/project.tsx';
import { projectRefOf } from '../paths.ts';
import { sendPage } from '../render.ts';
import { principalOf, viewOf } from '../web-context.ts';

export function projectRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    // A public project can be seen signed out; a hidden one sends a signed-out visitor to sign in.
    app.get('/:namespace/:project', { config: { auth: 'optional' } }, async (request, reply) => {
      const context = await findVisibleProject(deps, principalOf(request), projectRefOf(request.params));
      // The API's own entity gives the URLs, so page and API never disagree.
      const entity: Record<string, unknown> = presentProject(deps.config, context);
      const prefix = entity.container_registry_image_prefix;
      const urls: ProjectUrls = {
        httpUrl: String(entity.http_url_to_repo),
        sshUrl: String(entity.ssh_url_to_repo),
        registryImagePrefix: typeof prefix === 'string' && prefix !== '' ? prefix : null,
      };
      return sendPage(reply, <ProjectPage view={viewOf(request)} context={context} urls={urls} notice={noticeOf(request.query)} />);
    });
  };
}
