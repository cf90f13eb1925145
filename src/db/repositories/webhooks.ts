import type { Insertable } from 'kysely';
import type { Db } from '../database.ts';
import { pageOf, type Page, type Paged } from '../pagination.ts';
import type { WebhookDeliveryRow, WebhookRow, WebhooksTable } from '../schema.ts';

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

/** A hook's deliveries since `since`, newest first, for its page ("Recent events"). */
export async function listRecentDeliveries(db: Db, hookId: number, since: string, limit: number): Promise<WebhookDeliveryRow[]> {
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('hook_id', '=', hookId)
    .where('created_at', '>=', since)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function findHookDelivery(db: Db, hookId: number, deliveryId: number): Promise<WebhookDeliveryRow | undefined> {
  return db.selectFrom('webhook_deliveries').selectAll().where('id', '=', deliveryId).where('hook_id', '=', hookId).executeTakeFirst();
}
