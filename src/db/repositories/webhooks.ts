import type { Db } from '../database.ts';
import type { WebhookRow } from '../schema.ts';

/** A project's hooks, oldest first. */
export async function listProjectHooks(db: Db, projectId: number): Promise<WebhookRow[]> {
  return db.selectFrom('webhooks').selectAll().where('project_id', '=', projectId).orderBy('id').execute();
}
