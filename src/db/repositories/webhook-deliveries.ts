import type { Insertable } from 'kysely';
import type { Db } from '../database.ts';
import type { WebhookDeliveriesTable } from '../schema.ts';

export async function insertWebhookDelivery(db: Db, row: Insertable<WebhookDeliveriesTable>): Promise<void> {
  await db.insertInto('webhook_deliveries').values(row).execute();
}

/** Removes the delivery log older than `before` (ISO instant); returns how many rows went. */
export async function pruneWebhookDeliveries(db: Db, before: string): Promise<number> {
  const result = await db.deleteFrom('webhook_deliveries').where('created_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
