import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';

export function releaseRoutes(_deps: Deps) {
  return async (_app: FastifyInstance): Promise<void> => {};
}
