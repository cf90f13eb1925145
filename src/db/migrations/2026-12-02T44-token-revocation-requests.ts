import { PostgresAdapter, type Kysely } from 'kysely';

// Frozen once landed: never edit; add a new migration.

/**
 * `token_revocation_requests`: one row per accepted `POST /api/v4/tokens/revoke` (anyone may
 * report a leaked token), by client address and time, for its per-address rate limit. Rows are
 * rows so every node counts the same requests; those older than the window are dropped as new
 * ones arrive. No token, digest or outcome is kept here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('token_revocation_requests')
    .addColumn('id', postgres ? 'serial' : 'integer', (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('ip', 'varchar(64)', (c) => c.notNull())
    .addColumn('requested_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('token_revocation_requests_ip').on('token_revocation_requests').columns(['ip', 'requested_at']).execute();
  await db.schema.createIndex('token_revocation_requests_at').on('token_revocation_requests').column('requested_at').execute();
}

export async function down(): Promise<void> {
  throw new Error('Latchkey migrations are forward-only');
}
