import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has landed; add a new one.

/**
 * Group access tokens: a token row names the group whose bot holds it (`group_id`, as `project_id`
 * names a project token's project), and the bot user names its group (`bot_group_id`). Both are
 * set when the token and its bot are created and never change, so no read-cache epoch watches them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('personal_access_tokens').addColumn('group_id', 'integer').execute();
  await db.schema.createIndex('personal_access_tokens_group').on('personal_access_tokens').column('group_id').execute();
  await db.schema.alterTable('users').addColumn('bot_group_id', 'integer').execute();
}

export async function down(): Promise<void> {
  throw new Error('Latchkey migrations are forward-only');
}
