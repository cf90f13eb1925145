import type { Db } from '../../db/database.ts';
import {
  deleteContainerRepository,
  knownManifestDigests,
  listProjectContainerRepositories,
} from '../../db/repositories/container-registry.ts';
import { scheduleContainerRepositoryRemoval } from '../../db/repositories/container-repository-removals.ts';
import type { Deps } from '../../deps.ts';
import { isRepositoryName } from '../../registry/registry-scope.ts';

/**
 * Inside the caller's transaction, when a project gives up its path (deleted, or renamed without
 * tags): each of its registry repositories, and the project's own path (a push whose notification
 * has not arrived yet leaves no row), is listed for removal with the manifests it is known to
 * hold, and its rows go. Until the registry has emptied a listed path, /jwt/auth grants nothing
 * on it, whoever owns the path next. Returns the paths listed.
 */
export async function retireContainerRepositories(deps: Deps, trx: Db, project: { id: number; fullPath: string }): Promise<string[]> {
  if (deps.config.registry.mode === 'off') return [];
  const now = deps.clock.now().toISOString();
  const paths = new Set<string>();
  // The registry's name for the project's images (lowercase, as container_registry_image_prefix).
  const imagePath = project.fullPath.toLowerCase();
  if (isRepositoryName(imagePath)) {
    await scheduleContainerRepositoryRemoval(trx, { path: imagePath, digests: [], now });
    paths.add(imagePath);
  }
  for (const repository of await listProjectContainerRepositories(trx, project.id)) {
    await scheduleContainerRepositoryRemoval(trx, { path: repository.path, digests: await knownManifestDigests(trx, repository), now });
    await deleteContainerRepository(trx, repository.id);
    paths.add(repository.path);
  }
  return [...paths];
}
