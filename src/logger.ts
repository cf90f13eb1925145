import pino, { type DestinationStream, type Logger } from 'pino';
import { requestSerializer } from './http/log-redaction.ts';

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
