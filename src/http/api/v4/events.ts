import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';
import { listProjectAuditEvents } from '../../../services/projects/list-project-audit-events.ts';
import { EVENT_ACTIONS, EVENT_TARGET_TYPES, listProjectEvents, type EventAction } from '../../../services/projects/list-project-events.ts';
import { readPage } from '../../pagination.ts';
import { presentAuditEvent, presentEvent } from '../../presenters/events.ts';
import { paramsOf, projectRef, sendPage } from './route-kit.ts';

const EVENT_ACTION_NAMES = Object.keys(EVENT_ACTIONS) as EventAction[];

export function eventRoutes(deps: Deps) {
  const base = deps.config.externalUrl;
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/projects/:id/events', { config: { auth: 'optional', ability: 'read_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const { events, authors } = await listProjectEvents(deps, request.principal, {
        project: projectRef(request),
        filter: {
          action: params.oneOf('action', EVENT_ACTION_NAMES),
          targetType: params.oneOf('target_type', EVENT_TARGET_TYPES),
          before: params.datetime('before'),
          after: params.datetime('after'),
        },
        sort: params.oneOf('sort', ['asc', 'desc'] as const) ?? 'desc',
        page: readPage(params),
      });
      return sendPage(request, reply, base, events, (event) => presentEvent(event, authors, base));
    });

    app.get('/projects/:id/audit_events', { config: { ability: 'read_api' } }, async (request, reply) => {
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
