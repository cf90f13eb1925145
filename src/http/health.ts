import type { FastifyInstance } from 'fastify';
import { pingDatabase } from '../db/database.ts';
import type { Deps } from '../deps.ts';

export function healthRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/-/liveness', async () => ({ status: 'ok' }));
    const check = async (_request: unknown, reply: { code(n: number): unknown }) => {
      try {
        await pingDatabase(deps.db);
        return { status: 'ok', master_check: [{ status: 'ok' }], db_check: [{ status: 'ok' }] };
      } catch {
        reply.code(503);
        return { status: 'failed', db_check: [{ status: 'failed', message: 'database unreachable' }] };
      }
    };
    app.get('/-/readiness', check);
    app.get('/-/health', async (request, reply) => {
      const result = await check(request, reply);
      return result.status === 'ok' ? 'GitLab OK' : 'GitLab is not responding';
    });
  };
}
