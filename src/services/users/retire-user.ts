import type { Db } from '../../db/database.ts';
import { moveRecordsToGhost } from '../../db/repositories/ghost.ts';
import { deleteGroupMembershipsOfUser } from '../../db/repositories/group-members.ts';
import { deleteMembershipsOfUser } from '../../db/repositories/members.ts';
import { deleteNamespacesOfOwner } from '../../db/repositories/namespaces.ts';
import { deleteSessionsOfUser } from '../../db/repositories/sessions.ts';
import { deleteSshKeysOfUser } from '../../db/repositories/ssh-keys.ts';
import { revokeTokensOfUser } from '../../db/repositories/tokens.ts';
import { deleteUserRow, ensureGhostUser } from '../../db/repositories/users.ts';
import type { Deps } from '../../deps.ts';

/**
 * Removes a user inside the caller's transaction: their tokens are revoked (the rows stay, so a
 * project's inactive tokens remain listed), memberships (of projects and groups) go, the groups they created pass to the ghost user, and everything they wrote moves to
 * the ghost user. Projects the user owns must already be gone.
 */
export async function retireUser(deps: Deps, trx: Db, userId: number): Promise<void> {
  const now = deps.clock.now().toISOString();
  const ghost = await ensureGhostUser(trx, deps.config.externalHost, now);
  await revokeTokensOfUser(trx, userId);
  await deleteMembershipsOfUser(trx, userId);
  await deleteGroupMembershipsOfUser(trx, userId);
  await moveRecordsToGhost(trx, userId, ghost.id);
  await deleteSessionsOfUser(trx, userId);
  await deleteSshKeysOfUser(trx, userId);
  await deleteNamespacesOfOwner(trx, userId, ghost.id);
  await deleteUserRow(trx, userId);
}
