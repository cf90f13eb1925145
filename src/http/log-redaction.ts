import type { FastifyRequest } from 'fastify';

const SECRET_QUERY = /([?&](?:private_token|access_token|token|password)=)[^&#]*/gi;

/** A URL fit for a log line: secrets passed in the query string are masked. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1[REDACTED]');
}

export function requestSerializer(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    remoteAddress: request.ip,
  };
}
