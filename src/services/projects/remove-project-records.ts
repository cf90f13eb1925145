import type { Db } from '../../db/database.ts';
import { deleteProjectRow, findProjectById } from '../../db/repositories/projects.ts';
import { revokeTokensOfProject } from '../../db/repositories/tokens.ts';
import { listBotIdsOfProject } from '../../db/repositories/users.ts';
import type { Deps } from '../../deps.ts';
import { fullPathOf } from '../../domain/project-ref.ts';
import { removeRepository } from '../../git/bare-repository.ts';
import { repositoryPath } from '../../git/repository-path.ts';
import { purgeContainerRepositories } from '../registry/purge-container-repositories.ts';
import { retireContainerRepositories } from '../registry/retire-container-repositories.ts';
import { retireUser } from '../users/retire-user.ts';

/**
 * Inside the caller's transaction: revoke the project's tokens, retire its bots, list its registry
 * repositories for removal, delete its rows. Returns the registry paths listed.
 */
export async function removeProjectRecords(deps: Deps, trx: Db, projectId: number): Promise<string[]> {
  await revokeTokensOfProject(trx, projectId);
  for (const botId of await listBotIdsOfProject(trx, projectId)) await retireUser(deps, trx, botId);
  const found = await findProjectById(trx, projectId);
  const registryPaths = found
    ? await retireContainerRepositories(deps, trx, { id: projectId, fullPath: fullPathOf(found) })
    : [];
  await deleteProjectRow(trx, projectId);
  return registryPaths;
}

/**
 * After the transaction committed: the registry empties the listed paths now if it can; if it
 * cannot, they stay closed to everyone and the periodic purge tries again.
 */
export async function purgeRetiredImages(deps: Deps, paths: readonly string[]): Promise<void> {
  if (paths.length === 0) return;
  try {
    await purgeContainerRepositories(deps, 'system', { paths });
  } catch (error) {
    deps.log.warn({ err: error }, 'could not empty the registry repositories of a removed project yet');
  }
}

/** After the transaction committed: the repository on disk goes too. */
export async function removeProjectRepository(deps: Deps, projectId: number): Promise<void> {
  await removeRepository(repositoryPath(deps.config.dataDir, projectId)).catch((error: unknown) => {
    deps.log.warn({ err: error, projectId }, 'could not remove repository');
  });
}
