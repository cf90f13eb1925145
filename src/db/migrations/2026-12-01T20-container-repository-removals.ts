import type { Kysely } from 'kysely';

// Frozen once landed: never edit; add a new migration.

/**
 * Registry repositories waiting to be emptied: written in the same transaction that deletes (or
 * renames) the project that pushed them, before its container_repositories rows cascade away, and
 * removed once the registry has deleted every manifest. While a path is listed here, /jwt/auth
 * grants nothing on it, so a new project at that path can never pull the old images.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('container_repository_removals')
    .addColumn('path', 'varchar(255)', (c) => c.primaryKey())
    .addColumn('digests', 'text', (c) => c.notNull())
    .addColumn('scheduled_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_attempt_at', 'varchar(32)')
    .addColumn('last_error', 'varchar(1000)')
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Latchkey migrations are forward-only');
}
