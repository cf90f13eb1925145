import type { Db } from '../database.ts';

/**
 * Moves everything a user authored to the ghost user, so it survives the user's deletion.
 * Runs inside the caller's transaction.
 */
export async function moveRecordsToGhost(db: Db, fromUserId: number, ghostId: number): Promise<void> {
  await db.updateTable('issues').set({ author_id: ghostId }).where('author_id', '=', fromUserId).execute();
  await db.updateTable('issues').set({ updated_by_id: ghostId }).where('updated_by_id', '=', fromUserId).execute();
  await db.updateTable('issues').set({ closed_by_id: ghostId }).where('closed_by_id', '=', fromUserId).execute();
  await db.updateTable('notes').set({ author_id: ghostId }).where('author_id', '=', fromUserId).execute();
  await db.updateTable('events').set({ author_id: ghostId }).where('author_id', '=', fromUserId).execute();
  await db.updateTable('members').set({ created_by_id: ghostId }).where('created_by_id', '=', fromUserId).execute();
  await db.updateTable('releases').set({ author_id: ghostId }).where('author_id', '=', fromUserId).execute();
}
