import type { FastifyInstance } from 'fastify';
import { invalidParam } from '../../../domain/errors.ts';
import { looksLikeToken } from '../../../domain/token-format.ts';
import type { Deps } from '../../../deps.ts';
import { revokeLeakedToken } from '../../../services/tokens/revoke-leaked-token.ts';
import { clientIp } from '../../request-principal.ts';
import { paramsOf } from './route-kit.ts';

/**
 * POST /tokens/revoke `{"token": "<token>"}` (JSON or form): anyone reports a leaked token. 202
 * `{"message":"202 Accepted"}` whatever became of it (no validity oracle); 400 without a token or
 * for text no token could be; 429 with Retry-After past the per-address rate limit.
 */
export function tokenRevocationRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post('/tokens/revoke', { config: { auth: 'optional', ability: 'report_leaked_token' } }, async (request, reply) => {
      const token = paramsOf(request).string('token', { required: true });
      if (!looksLikeToken(token)) throw invalidParam('token is invalid');
      const outcome = await revokeLeakedToken(deps, { token, ip: clientIp(request) });
      if (!outcome.accepted) {
        reply.code(429).header('retry-after', String(outcome.retryAfterSeconds));
        return { message: { error: 'This endpoint has been requested too many times. Try again later.' } };
      }
      reply.code(202);
      return { message: '202 Accepted' };
    });
  };
}
