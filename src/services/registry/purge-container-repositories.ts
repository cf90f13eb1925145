import {
  completeContainerRepositoryRemoval,
  listContainerRepositoryRemovals,
  recordContainerRepositoryRemovalFailure,
  removalDigests,
} from '../../db/repositories/container-repository-removals.ts';
import type { Deps } from '../../deps.ts';
import { RegistryApi } from '../../registry/registry-api.ts';
import { signRegistryToken } from '../../registry/registry-token.ts';
import { loadOrCreateRegistrySigningKey } from '../../registry/signing-key.ts';

const BATCH = 100;

export interface PurgeResult {
  /** Paths the registry has emptied; /jwt/auth grants on them again. */
  emptied: string[];
  /** Paths still listed (the registry was unreachable or refused); the next run tries again. */
  failed: string[];
}

/**
 * Empties the registry repositories listed for removal (retire-container-repositories.ts) through
 * the registry's own API, with a token Latchkey signs for itself, and unlists each one the
 * registry no longer holds anything of. `paths` narrows the run to some. Idempotent and safe to
 * run on several nodes at once.
 */
export async function purgeContainerRepositories(deps: Deps, _actor: 'system', input: { paths?: readonly string[] } = {}): Promise<PurgeResult> {
  const result: PurgeResult = { emptied: [], failed: [] };
  const { apiUrl } = deps.config.registry;
  if (apiUrl === null) return result;
  const removals = await listContainerRepositoryRemovals(deps.db, { limit: BATCH, ...(input.paths && { paths: input.paths }) });
  if (removals.length === 0) return result;
  const key = loadOrCreateRegistrySigningKey(deps.config.dataDir);
  const api = new RegistryApi({
    baseUrl: apiUrl,
    token: (path) =>
      signRegistryToken(key, { subject: null, access: [{ type: 'repository', name: path, actions: ['pull', 'delete', '*'] }], now: deps.clock.now() }),
  });
  for (const removal of removals) {
    try {
      await api.emptyRepository(removal.path, removalDigests(removal));
      if (await completeContainerRepositoryRemoval(deps.db, removal)) result.emptied.push(removal.path);
      else result.failed.push(removal.path); // a late push added a digest: next run
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      deps.log.warn({ path: removal.path, err: message }, 'could not empty a removed project\'s registry repository; it stays closed until it is');
      await recordContainerRepositoryRemovalFailure(deps.db, removal.path, message, deps.clock.now().toISOString());
      result.failed.push(removal.path);
    }
  }
  return result;
}
