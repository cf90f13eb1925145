import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';
import { findUsersByIds } from '../../../db/repositories/users.ts';
import { listProjectAuditEvents } from '../../../services/list-project-audit-events.ts';
import { listProjectEvents } from '../../../services/list-project-events.ts';
import { readPage } from '../../pagination.ts';
import { presentAuditEvent, presentEvent } from '../../presenters/events.ts';
import { paramsOf, projectRef, sendPage } from './route-kit.ts';

export function eventRoutes(deps: Deps) {
  const base = deps.config.externalUrl;
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/projects/:id/events', { config: { auth: 'optional' } }, async (request, reply) => {
      const params = paramsOf(request);
      const page = await listProjectEvents(deps, request.principal, {
        project: projectRef(request),
        filter: {
          action: params.string('action', { max: 64 }),
          targetType: params.string('target_type', { max: 64 }),
          before: params.datetime('before'),
          after: params.datetime('after'),
        },
        sort: params.oneOf('sort', ['asc', 'desc'] as const) ?? 'desc',
        page: readPage(params),
      });
      const users = await findUsersByIds(deps.db, page.items.map((e) => e.author_id));
      return sendPage(request, reply, base, page, (event) => presentEvent(event, users, base));
    });

    app.get('/projects/:id/audit_events', async (request, reply) => {
      const params = paramsOf(request);
      const { projectPath, events } = await listProjectAuditEvents(deps, request.principal, {
        project: projectRef(request),
        createdBefore: params.datetime('created_before'),
        createdAfter: params.datetime('created_after'),
        page: readPage(params),
      });
      return sendPage(request, reply, base, events, (event) => presentAuditEvent(event, projectPath));
    });
  };
}
