import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen once landed: never edit; add a new migration.

/**
 * A token's guard rails and its activity.
 *
 * `allowed_ips` (JSON list of addresses and CIDR ranges) and `allowed_refs` (JSON list of ref
 * patterns) are null when unrestricted. A token rotated with a grace period keeps working until
 * `active_until`; `superseded_at` is when its successor was made. All four decide whether a
 * request authenticates, so the credentials trigger of the read cache is re-created to watch them.
 *
 * `token_activity` is one row per authenticated use of a token (written in batches, off the
 * request path): when, over which transport, what (a route template, a git service, a registry
 * action), the status, the client address and user agent.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.alterTable('personal_access_tokens').addColumn('allowed_ips', 'text').execute();
  await db.schema.alterTable('personal_access_tokens').addColumn('allowed_refs', 'text').execute();
  await db.schema.alterTable('personal_access_tokens').addColumn('superseded_at', 'varchar(32)').execute();
  await db.schema.alterTable('personal_access_tokens').addColumn('active_until', 'varchar(32)').execute();

  const watched = 'revoked, expires_at, scopes, user_id, project_id, digest, access_level, allowed_ips, allowed_refs, superseded_at, active_until';
  if (postgres) {
    await sql.raw('drop trigger personal_access_tokens_update_read_cache_epoch on personal_access_tokens').execute(db);
    await sql
      .raw(
        `create constraint trigger personal_access_tokens_update_read_cache_epoch after update of ${watched} on personal_access_tokens deferrable initially deferred for each row execute function latchkey_bump_read_cache_epoch('credentials')`,
      )
      .execute(db);
  } else {
    await sql.raw('drop trigger personal_access_tokens_update_read_cache_epoch').execute(db);
    await sql
      .raw(
        `create trigger personal_access_tokens_update_read_cache_epoch after update of ${watched} on personal_access_tokens begin update read_cache_epochs set value = value + 1 where kind = 'credentials'; end`,
      )
      .execute(db);
  }

  const activity = postgres
    ? db.schema.createTable('token_activity').addColumn('id', 'bigserial', (c) => c.primaryKey())
    : db.schema.createTable('token_activity').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  await activity
    .addColumn('token_id', 'integer', (c) => c.notNull().references('personal_access_tokens.id').onDelete('cascade'))
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('transport', 'varchar(16)', (c) => c.notNull())
    .addColumn('action', 'varchar(512)', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('ip', 'varchar(64)')
    .addColumn('user_agent', 'varchar(512)')
    .execute();
  await db.schema.createIndex('token_activity_token_at').on('token_activity').columns(['token_id', 'at']).execute();
  await db.schema.createIndex('token_activity_at').on('token_activity').column('at').execute();
}

export async function down(): Promise<void> {
  throw new Error('Latchkey migrations are forward-only');
}
