import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { registryNotificationRoutes } from './notification-routes.ts';
import { registryTokenRoutes } from './token-routes.ts';

/** The container registry's side of Latchkey: its token service and its notification endpoint. */
export function registryRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(registryTokenRoutes(deps));
    await app.register(registryNotificationRoutes(deps));
  };
}
