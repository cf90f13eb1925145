import type { Db } from '../db/database.ts';
import { deleteProjectRow } from '../db/repositories/projects.ts';
import { revokeTokensOfProject } from '../db/repositories/tokens.ts';
import { listBotIdsOfProject } from '../db/repositories/users.ts';
import type { Deps } from '../deps.ts';
import { removeRepository } from '../git/bare-repository.ts';
import { repositoryPath } from '../git/repository-path.ts';
import { retireUser } from './retire-user.ts';

/** Inside the caller's transaction: revoke the project's tokens, retire its bots, delete its rows. */
export async function removeProjectRecords(deps: Deps, trx: Db, projectId: number): Promise<void> {
  await revokeTokensOfProject(trx, projectId);
  for (const botId of await listBotIdsOfProject(trx, projectId)) await retireUser(deps, trx, botId);
  await deleteProjectRow(trx, projectId);
}

/** After the transaction committed: the repository on disk goes too. */
export async function removeProjectRepository(deps: Deps, projectId: number): Promise<void> {
  await removeRepository(repositoryPath(deps.config.dataDir, projectId)).catch((error: unknown) => {
    deps.log.warn({ err: error, projectId }, 'could not remove repository');
  });
}
