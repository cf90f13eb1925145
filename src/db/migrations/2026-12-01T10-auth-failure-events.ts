import { PostgresAdapter, type Kysely } from 'kysely';

// Frozen: never edit a migration that has landed; add a new one.

/**
 * Failed logins one by one, with the login each tried ('' for a token or an unusable credential):
 * an address's count is its failures inside the window, and a human's successful login clears
 * only the failures against that login, so one valid account cannot wipe the guesses at others.
 * `auth_failures` keeps one row per address (its count and its ban).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('auth_failure_events')
    .addColumn('id', postgres ? 'serial' : 'integer', (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('ip', 'varchar(64)', (c) => c.notNull())
    .addColumn('login', 'varchar(255)', (c) => c.notNull())
    .addColumn('failed_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('auth_failure_events_ip').on('auth_failure_events').columns(['ip', 'failed_at']).execute();
  await db.schema.createIndex('auth_failure_events_failed_at').on('auth_failure_events').column('failed_at').execute();
}

export async function down(): Promise<void> {
  throw new Error('Latchkey migrations are forward-only');
}
