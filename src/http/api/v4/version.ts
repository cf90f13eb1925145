import type { FastifyInstance } from 'fastify';
import { GITLAB_VERSION, LATCHKEY_VERSION } from '../../../domain/version.ts';

export { LATCHKEY_VERSION } from '../../../domain/version.ts';

export async function versionRoutes(app: FastifyInstance): Promise<void> {
  app.get('/version', { config: { ability: 'read_version' } }, async () => ({
    version: GITLAB_VERSION,
    revision: LATCHKEY_VERSION,
    kas: { enabled: false, externalUrl: null, version: null },
    enterprise: false,
  }));
}
