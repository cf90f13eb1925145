import type { Deps } from '../deps.ts';
import { purgeContainerRepositories } from '../services/registry/purge-container-repositories.ts';
import { startPeriodicJob, type PeriodicJob } from './periodic-job.ts';

/**
 * Empties, every minute, the registry repositories of deleted or renamed projects that the
 * registry could not empty at the time (it was down, or a late push arrived). Until then their
 * paths serve no one. Every node may run it: emptying is idempotent.
 */
export function startContainerRepositoryPurge(deps: Deps, options: { intervalMs?: number; firstRunAfterMs?: number } = {}): PeriodicJob {
  return startPeriodicJob(deps, 'container registry purge', () => purgeContainerRepositories(deps, 'system'), {
    intervalMs: options.intervalMs ?? 60_000,
    firstRunAfterMs: options.firstRunAfterMs ?? 10_000,
  });
}
