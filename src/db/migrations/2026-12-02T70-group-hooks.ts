import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has landed; add a new one.

/**
 * Group webhooks: a hook belongs to a project (`project_id`) or to a group (`group_id`), never
 * both. A group's hook receives the events of every project in the group and its subgroups, found
 * at the moment each event is queued, so a project moved out stops reaching it at once. Deleting
 * a group deletes its hooks (`deleteGroup` does, with their queued deliveries and log).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('webhooks').addColumn('group_id', 'integer').execute();
  await db.schema.createIndex('webhooks_group').on('webhooks').column('group_id').execute();
}

export async function down(): Promise<void> {
  throw new Error('Latchkey migrations are forward-only');
}
