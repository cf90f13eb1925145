import type { FastifyInstance } from 'fastify';
import { invalidParam } from '../../domain/errors.ts';
import type { Deps } from '../../deps.ts';
import { parseNotificationEnvelope, REGISTRY_NOTIFICATION_PATH } from '../../registry/notification-envelope.ts';
import { recordRegistryEvents } from '../../services/registry/record-registry-events.ts';
import { authenticateRequest } from '../request-principal.ts';

/** POST /api/v4/container_registry_event/events: the registry's notifications (GitLab's path). */
export function registryNotificationRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addContentTypeParser(
      'application/vnd.docker.distribution.events.v1+json',
      { parseAs: 'string' },
      app.getDefaultJsonParser('error', 'ignore'),
    );

    app.post(REGISTRY_NOTIFICATION_PATH, async (request, reply) => {
      const actor = await authenticateRequest(deps, request, { kind: 'registry_notification', authorization: request.headers.authorization }, 'registry');
      const events = parseNotificationEnvelope(request.body);
      if (events === null) throw invalidParam('events is missing');
      await recordRegistryEvents(deps, actor, { events });
      return reply.code(200).send({});
    });
  };
}
