import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';
import { findVisibleProject } from '../../../services/projects/project-context.ts';
import { listProjectEvents } from '../../../services/projects/list-project-events.ts';
import { pageNumber } from '../form.ts';
import { ActivityPage } from '../pages/activity.tsx';
import { projectRefOf } from '../paths.ts';
import { sendPage } from '../render.ts';
import { principalOf, viewOf } from '../web-context.ts';

/** The project's Activity: the events API's service (pushes only for viewers who may read the code). */
export function activityRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/:namespace/:project/activity', { config: { auth: 'optional' } }, async (request, reply) => {
      const principal = principalOf(request);
      const context = await findVisibleProject(deps, principal, projectRefOf(request.params));
      const { events, authors } = await listProjectEvents(deps, principal, {
        project: context.project.id,
        filter: {},
        sort: 'desc',
        page: { page: pageNumber(request.query), perPage: 20 },
      });
      return sendPage(reply, <ActivityPage view={viewOf(request)} context={context} data={{ events, authors }} />);
    });
  };
}
