import type { FastifyInstance } from 'fastify';

export const LATCHKEY_VERSION = '0.1.0';

export async function versionRoutes(app: FastifyInstance): Promise<void> {
  app.get('/version', { config: { ability: 'read_version' } }, async () => ({
    version: '17.0.0-latchkey',
    revision: LATCHKEY_VERSION,
    kas: { enabled: false, externalUrl: null, version: null },
    enterprise: false,
  }));
}
