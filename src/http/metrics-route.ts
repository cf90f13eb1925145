import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ipAllowed } from '../domain/ip-allowlist.ts';
import type { Deps } from '../deps.ts';
import { clientIp } from './request-principal.ts';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** `Authorization: Bearer <LATCHKEY_METRICS_TOKEN>`, compared in constant time (digests of equal length). */
function bearerMatches(request: FastifyRequest, expected: string | null): boolean {
  if (expected === null) return false;
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match !== null && timingSafeEqual(digest(match[1]!), digest(expected));
}

/**
 * GET /-/metrics: this node's Prometheus metrics, for addresses in LATCHKEY_METRICS_ALLOWED_IPS
 * (loopback by default, like GitLab's monitoring allowlist) or a caller with the metrics token.
 * Everyone else gets GitLab's answer for a monitoring endpoint they may not see: 404.
 */
export function metricsRoutes(deps: Deps) {
  const { allowedIps, token } = deps.config.metrics;
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/-/metrics', async (request, reply) => {
      if (!ipAllowed(allowedIps, clientIp(request)) && !bearerMatches(request, token)) {
        return reply.code(404).send({ error: '404 Not Found' });
      }
      const { contentType, body } = await deps.metrics.scrape();
      return reply.type(contentType).send(body);
    });
  };
}
