import type { FastifyInstance } from 'fastify';
import { AppError } from '../../domain/errors.ts';
import type { Deps } from '../../deps.ts';
import { loadOrCreateRegistrySigningKey, type RegistrySigningKey } from '../../registry/signing-key.ts';
import { signRegistryToken } from '../../registry/registry-token.ts';
import { authorizeRegistryAccess } from '../../services/registry/authorize-registry-access.ts';
import { basicPrincipal } from '../request-principal.ts';
import { tokenEndpointError } from './token-errors.ts';
import { markTokenUse } from '../token-use.ts';
import { registryActivity } from './registry-activity.ts';

function queryList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * GET /jwt/auth: Distribution's token service. The registry sends clients here with
 * `service=container_registry&scope=repository:<path>:<actions>` (scope may repeat); the answer is
 * `{"token": <JWT>}` granting what the credential and role permit.
 */
export function registryTokenRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    // Generated on first use, not at start-up: instances without a registry never pay for it.
    let signingKey: RegistrySigningKey | null = null;

    app.setErrorHandler((error, request, reply) => {
      if (!(error instanceof AppError)) throw error;
      const { status, body, headers } = tokenEndpointError(error);
      deps.metrics.registryTokenGrant('refused');
      if (status === 401 || status === 403) request.log.info({ code: error.code }, 'registry token refused');
      return reply.code(status).headers(headers ?? {}).send(body);
    });

    app.get('/jwt/auth', async (request) => {
      const query = request.query as Record<string, unknown>;
      const principal = await basicPrincipal(deps, request, { transport: 'registry', requireUsername: false });
      const scopes = queryList(query.scope);
      // Refused as a whole (a malformed scope, no registry): one row with the status sent.
      const use = markTokenUse(request, principal, 'registry', 'registry token');
      const grant = await authorizeRegistryAccess(deps, principal, {
        service: typeof query.service === 'string' ? query.service : undefined,
        scopes,
      });
      if (use !== null) use.actions = registryActivity(scopes, grant.access);
      deps.metrics.registryTokenGrant(grant.access.length > 0 || scopes.length === 0 ? 'granted' : 'nothing_granted');
      signingKey ??= loadOrCreateRegistrySigningKey(deps.config.dataDir);
      const token = await signRegistryToken(signingKey, { subject: grant.subject, access: grant.access, now: deps.clock.now() });
      return { token };
    });
  };
}
