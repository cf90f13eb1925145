import type { Insertable } from 'kysely';
import type { Db } from '../database.ts';
import { pageOf, type Page, type Paged } from '../pagination.ts';
import type { WebhookRow, WebhooksTable } from '../schema.ts';

/** A project's hooks, oldest first. */
export async function listProjectHooks(db: Db, projectId: number): Promise<WebhookRow[]> {
  return db.selectFrom('webhooks').selectAll().where('project_id', '=', projectId).orderBy('id').execute();
}

export type NewWebhook = Omit<Insertable<WebhooksTable>, 'id' | 'recent_failures' | 'backoff_count' | 'disabled_until' | 'permanently_disabled'>;
export type WebhookChanges = Partial<Omit<NewWebhook, 'project_id' | 'created_at'>> & { updated_at: string };

export async function insertHook(db: Db, hook: NewWebhook): Promise<WebhookRow> {
  return db
    .insertInto('webhooks')
    .values({ ...hook, recent_failures: 0, backoff_count: 0, disabled_until: null, permanently_disabled: 0 })
    .returningAll().executeTakeFirstOrThrow();
}

/** One hook of a project; another project's hook is not found. */
export async function findProjectHook(db: Db, projectId: number, hookId: number): Promise<WebhookRow | undefined> {
  return db.selectFrom('webhooks').selectAll().where('id', '=', hookId).where('project_id', '=', projectId).executeTakeFirst();
}

export async function updateHook(db: Db, hookId: number, changes: WebhookChanges): Promise<WebhookRow> {
  return db.updateTable('webhooks').set(changes).where('id', '=', hookId).returningAll().executeTakeFirstOrThrow();
}

/** Deletes the hook; its queued deliveries and its delivery log go with it (foreign keys cascade). */
export async function deleteHook(db: Db, hookId: number): Promise<void> {
  await db.deleteFrom('outbox').where('hook_id', '=', hookId).execute();
  await db.deleteFrom('webhook_deliveries').where('hook_id', '=', hookId).execute();
  await db.deleteFrom('webhooks').where('id', '=', hookId).execute();
}

/** A page of a project's hooks, oldest first (GitLab's order). */
export async function pageProjectHooks(db: Db, projectId: number, page: Page): Promise<Paged<WebhookRow>> {
  return pageOf(db.selectFrom('webhooks').where('project_id', '=', projectId), page, (query) => query.selectAll().orderBy('id'));
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
