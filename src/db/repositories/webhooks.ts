import type { Db } from '../database.ts';
import type { WebhookRow } from '../schema.ts';

/** A project's hooks, oldest first. */
export async function listProjectHooks(db: Db, projectId: number): Promise<WebhookRow[]> {
  return db.selectFrom('webhooks').selectAll().where('project_id', '=', projectId).orderBy('id').execute();
}

export async function findWebhookById(db: Db, id: number): Promise<WebhookRow | undefined> {
  return db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Records a hook's auto-disabling state if it is still what `seen` was (another node's delivery may
 * have changed it since): one failure counted once, whichever node saw it. Returns whether it did.
 */
export async function setWebhookFailureState(
  db: Db,
  id: number,
  seen: Pick<WebhookRow, 'recent_failures' | 'disabled_until' | 'permanently_disabled'>,
  next: Pick<WebhookRow, 'recent_failures' | 'backoff_count' | 'disabled_until' | 'permanently_disabled'>,
  now: string,
): Promise<boolean> {
  let query = db
    .updateTable('webhooks')
    .set({ ...next, updated_at: now })
    .where('id', '=', id)
    .where('recent_failures', '=', seen.recent_failures)
    .where('permanently_disabled', '=', seen.permanently_disabled);
  query = seen.disabled_until === null ? query.where('disabled_until', 'is', null) : query.where('disabled_until', '=', seen.disabled_until);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
