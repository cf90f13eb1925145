import type { FastifyInstance } from 'fastify';
import { PROJECT_TOKEN_SCOPES } from '../../../domain/scopes.ts';

export const LATCHKEY_VERSION = '0.1.0';

export async function versionRoutes(app: FastifyInstance): Promise<void> {
  app.get('/version', { config: { scopes: [...PROJECT_TOKEN_SCOPES, 'read_user'] } }, async () => ({
    version: '17.0.0-latchkey',
    revision: LATCHKEY_VERSION,
    kas: { enabled: false, externalUrl: null, version: null },
    enterprise: false,
  }));
}
