import { AppError } from '../domain/errors.ts';
import type { Deps } from '../deps.ts';
import { registryNotificationSecret, sameSecret } from '../domain/secrets.ts';

/** The registry's notifications carry the shared secret as their Authorization header, nothing else. */
export function authenticateRegistryNotification(deps: Deps, authorization: string | undefined): 'registry' {
  if (authorization === undefined || !sameSecret(authorization, registryNotificationSecret(deps.secret))) {
    throw new AppError('unauthorized', 'Unauthorized');
  }
  return 'registry';
}
