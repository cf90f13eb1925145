import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has landed; add a new one.

/** SSH keys: GitLab's usage_type (auth, signing, auth_and_signing) and a per-user index. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('ssh_keys')
    .addColumn('usage_type', 'varchar(32)', (c) => c.notNull().defaultTo('auth_and_signing'))
    .execute();
  await db.schema.createIndex('ssh_keys_user').on('ssh_keys').columns(['user_id', 'id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Latchkey migrations are forward-only');
}
