import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../../../deps.ts';
import { findVisibleProject } from '../../../services/projects/project-context.ts';
import { getProjectRelease, listProjectReleases } from '../../../services/releases/read-releases.ts';
import { pageNumber } from '../form.ts';
import { ReleasePage, ReleasesPage } from '../pages/releases.tsx';
import { projectRefOf } from '../paths.ts';
import { sendPage } from '../render.ts';
import { principalOf, viewOf } from '../web-context.ts';

/** Releases pages: the releases API's services, newest released first. */
export function releaseRoutes(deps: Deps) {
  const contextOf = (request: FastifyRequest) => findVisibleProject(deps, principalOf(request), projectRefOf(request.params));

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/:namespace/:project/-/releases', { config: { auth: 'optional' } }, async (request, reply) => {
      const context = await contextOf(request);
      const releases = await listProjectReleases(deps, principalOf(request), {
        project: context.project.id,
        orderBy: 'released_at',
        sort: 'desc',
        page: { page: pageNumber(request.query), perPage: 10 },
      });
      return sendPage(reply, <ReleasesPage view={viewOf(request)} context={context} releases={releases} />);
    });

    // A release is named by its tag, which may hold slashes.
    app.get('/:namespace/:project/-/releases/*', { config: { auth: 'optional' } }, async (request, reply) => {
      const context = await contextOf(request);
      const tagName = (request.params as { '*': string })['*'];
      const entry = await getProjectRelease(deps, principalOf(request), { project: context.project.id, tagName });
      return sendPage(reply, <ReleasePage view={viewOf(request)} context={context} entry={entry} />);
    });
  };
}
