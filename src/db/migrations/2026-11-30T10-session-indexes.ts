import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has landed; add a new one.

/**
 * Web sessions: expired ones are swept by expiry at sign-in, and a deleted user's sessions go by
 * user id (the foreign key's cascade), so both are indexed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('sessions_expires_at').on('sessions').column('expires_at').execute();
  await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();
}

export async function down(): Promise<void> {
  throw new Error('Latchkey migrations are forward-only');
}
