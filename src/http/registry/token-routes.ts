import type { FastifyInstance } from 'fastify';
import { AppError } from '../../domain/errors.ts';
import type { Deps } from '../../deps.ts';
import { loadOrCreateRegistrySigningKey, type RegistrySigningKey } from '../../registry/signing-key.ts';
import { signRegistryToken } from '../../registry/registry-token.ts';
import { authorizeRegistryAccess } from '../../services/authorize-registry-access.ts';
import { basicPrincipal } from '../request-principal.ts';

const registryError = (code: string, message: string) => ({ errors: [{ code, message }] });

/** AppError → the registry token endpoint's bodies (GitLab's JwtController). */
function tokenEndpointError(error: AppError): { status: number; body: unknown } {
  switch (error.code) {
    case 'unauthorized':
    case 'token_expired':
    case 'token_revoked':
      return { status: 401, body: registryError('UNAUTHORIZED', 'HTTP Basic: Access denied') };
    case 'banned':
      return { status: 403, body: registryError('DENIED', 'Too many failed authentication attempts from this address') };
    case 'validation':
      return { status: 400, body: registryError('INVALID_SCOPE', error.message) };
    case 'not_found':
      return { status: 404, body: registryError('UNAVAILABLE', error.message) };
    default:
      return { status: 403, body: registryError('DENIED', error.message) };
  }
}

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
      const { status, body } = tokenEndpointError(error);
      if (status === 401 || status === 403) request.log.info({ code: error.code }, 'registry token refused');
      return reply.code(status).send(body);
    });

    app.get('/jwt/auth', async (request) => {
      const query = request.query as Record<string, unknown>;
      const principal = await basicPrincipal(deps, request, { transport: 'registry', requireUsername: false });
      const grant = await authorizeRegistryAccess(deps, principal, {
        service: typeof query.service === 'string' ? query.service : undefined,
        scopes: queryList(query.scope),
      });
      signingKey ??= loadOrCreateRegistrySigningKey(deps.config.dataDir);
      const token = await signRegistryToken(signingKey, { subject: grant.subject, access: grant.access, now: deps.clock.now() });
      return { token };
    });
  };
}
