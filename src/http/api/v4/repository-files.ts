import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';

export function repositoryFileRoutes(_deps: Deps) {
  return async (_app: FastifyInstance): Promise<void> => {};
}
