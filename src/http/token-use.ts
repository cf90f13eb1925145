import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '../domain/principal.ts';
import { activityText, type ActivityTransport } from '../domain/token-activity.ts';
import type { Deps } from '../deps.ts';
import { clientIp } from './request-principal.ts';

/** What a request did with a token, recorded once its answer is sent (its status, unless one is given). */
export interface TokenUse {
  tokenId: number;
  transport: ActivityTransport;
  actions: { action: string; status?: number }[];
}

/** Marks a request as a use of its token (no-op for other principals); returns the mark to amend. */
export function markTokenUse(request: FastifyRequest, principal: Principal, transport: ActivityTransport, action: string): TokenUse | null {
  if (principal.kind !== 'user' || principal.via !== 'token') return null;
  request.tokenUse = { tokenId: principal.token.id, transport, actions: [{ action }] };
  return request.tokenUse;
}

/**
 * Records every marked request when its answer has gone (onResponse: the status is the one sent,
 * refusals included). Pushing onto the recorder's buffer is all it costs.
 */
export function recordTokenUses(deps: Deps, app: FastifyInstance): void {
  app.decorateRequest('tokenUse', null);
  app.addHook('onResponse', (request, reply, done) => {
    const use = request.tokenUse;
    if (use !== null) {
      const at = deps.clock.now().toISOString();
      const ip = clientIp(request);
      const userAgent = activityText(request.headers['user-agent']);
      for (const { action, status } of use.actions) {
        deps.tokenActivity.record({
          tokenId: use.tokenId,
          at,
          transport: use.transport,
          action: activityText(action) ?? '',
          status: status ?? reply.statusCode,
          ip,
          userAgent,
        });
      }
    }
    done();
  });
}
