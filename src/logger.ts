import pino, { type DestinationStream, type Logger } from 'pino';

const SECRET_QUERY = /([?&](?:private_token|access_token|token|password)=)[^&#]*/gi;

/** A URL fit for a log line: secrets passed in the query string are masked. */
function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1[REDACTED]');
}

/** The request fields of a log line: no headers, the URL with query secrets masked. */
function requestSerializer(request: { method: string; url: string; ip: string }) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    remoteAddress: request.ip,
  };
}

/** JSON logs; credentials are never written (headers are not logged, query secrets are masked). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'latchkey' },
      serializers: {
        req: requestSerializer,
        res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
        err: pino.stdSerializers.err,
      },
      redact: { paths: ['req.headers', 'headers.authorization', 'headers["private-token"]', 'password', 'token'], censor: '[REDACTED]' },
    },
    destination ?? pino.destination({ sync: false }),
  );
}
