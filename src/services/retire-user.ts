import type { Db } from '../db/database.ts';
import { moveRecordsToGhost } from '../db/repositories/ghost.ts';
import { deleteMembershipsOfUser } from '../db/repositories/members.ts';
import { revokeTokensOfUser } from '../db/repositories/tokens.ts';
import { deleteUserRow, ensureGhostUser } from '../db/repositories/users.ts';
import type { Deps } from '../deps.ts';

/**
 * Removes a user inside the caller's transaction: their tokens are revoked (the rows stay, so a
 * project's inactive tokens remain listed), memberships go, and everything they wrote moves to
 * the ghost user. Projects the user owns must already be gone.
 */
export async function retireUser(deps: Deps, trx: Db, userId: number): Promise<void> {
  const now = deps.clock.now().toISOString();
  const ghost = await ensureGhostUser(trx, new URL(deps.config.externalUrl).hostname, now);
  await revokeTokensOfUser(trx, userId);
  await deleteMembershipsOfUser(trx, userId);
  await moveRecordsToGhost(trx, userId, ghost.id);
  await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
  await trx.deleteFrom('ssh_keys').where('user_id', '=', userId).execute();
  await trx.deleteFrom('namespaces').where('owner_id', '=', userId).execute();
  await deleteUserRow(trx, userId);
}
