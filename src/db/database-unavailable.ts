import { AppError } from '../domain/errors.ts';

/** True for errors of the database driver that mean "the database is away", not a bug. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : '';
  return (
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === '57P01' ||
    code === '57P03' ||
    code === 'SQLITE_BUSY' ||
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message)
  );
}

/**
 * For an adapter's error handler: a driver error that means "the database is away" is logged and
 * becomes AppError('unavailable'), which every adapter maps (503 with Retry-After on the API and
 * the web); any other error comes back unchanged.
 */
export function unavailableAsAppError<E>(error: E, log: { error(details: object, message: string): void }): E | AppError {
  if (!isDatabaseUnavailable(error)) return error;
  log.error({ err: error }, 'database unavailable');
  return new AppError('unavailable', 'The database is unavailable');
}
