import type { Insertable } from 'kysely';
import type { Db } from '../database.ts';
import type { WebhookDeliveriesTable, WebhookDeliveryRow } from '../schema.ts';

export async function insertWebhookDelivery(db: Db, row: Insertable<WebhookDeliveriesTable>): Promise<void> {
  await db.insertInto('webhook_deliveries').values(row).execute();
}

/** Removes the delivery log older than `before` (ISO instant); returns how many rows went. */
export async function pruneWebhookDeliveries(db: Db, before: string): Promise<number> {
  const result = await db.deleteFrom('webhook_deliveries').where('created_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
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
