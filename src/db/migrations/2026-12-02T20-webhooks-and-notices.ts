import { PostgresAdapter, type Kysely } from 'kysely';

// Frozen once landed: never edit; add a new migration.

/**
 * Project webhooks, the durable outbox that delivers them (and mail), the log of recent deliveries,
 * and the expiry notices already sent for each token.
 *
 * A webhook belongs to a project (`project_id`; nullable so that group hooks can join later). Its
 * secret token is kept encrypted under the instance secret, because it must be sent with every
 * delivery; it is never returned. `triggers` is the JSON list of the events it subscribes to
 * (`push_events`, `issues_events`…). `recent_failures`, `backoff_count`, `disabled_until` and
 * `permanently_disabled` carry GitLab's auto-disabling state.
 *
 * `outbox` holds what is still to be sent: one row per webhook delivery or mail, written in the
 * same transaction as the change that caused it, claimed by one node at a time (`claimed_until`
 * is a lease: a node that dies mid-delivery loses its claim when the lease runs out) and deleted
 * once delivered or given up. `webhook_deliveries` keeps what each attempt sent and got back, for
 * the hook's page.
 *
 * `token_notices` has one row per (token, threshold) notified: `60`, `30`, `7`, `1` days before
 * the expiry date, and `expired` on the date itself. Its primary key makes each notice happen once,
 * whichever node or restart gets there first.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const table = (tableName: string) =>
    postgres
      ? db.schema.createTable(tableName).addColumn('id', 'serial', (c) => c.primaryKey())
      : db.schema.createTable(tableName).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await table('webhooks')
    .addColumn('project_id', 'integer', (c) => c.references('projects.id').onDelete('cascade'))
    .addColumn('url', 'varchar(2048)', (c) => c.notNull())
    .addColumn('token_encrypted', 'text')
    .addColumn('name', 'varchar(255)')
    .addColumn('description', 'text')
    .addColumn('triggers', 'text', (c) => c.notNull())
    .addColumn('push_events_branch_filter', 'varchar(1024)')
    .addColumn('branch_filter_strategy', 'varchar(16)', (c) => c.notNull().defaultTo('wildcard'))
    .addColumn('enable_ssl_verification', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('recent_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('backoff_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('disabled_until', 'varchar(32)')
    .addColumn('permanently_disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhooks_project').on('webhooks').column('project_id').execute();

  await table('outbox')
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('hook_id', 'integer', (c) => c.references('webhooks.id').onDelete('cascade'))
    .addColumn('uuid', 'varchar(36)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('claimed_until', 'varchar(32)')
    .addColumn('claimed_by', 'varchar(64)')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outbox_next_attempt').on('outbox').columns(['next_attempt_at', 'id']).execute();
  await db.schema.createIndex('outbox_hook').on('outbox').column('hook_id').execute();

  await table('webhook_deliveries')
    .addColumn('hook_id', 'integer', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('uuid', 'varchar(36)', (c) => c.notNull())
    .addColumn('trigger', 'varchar(64)', (c) => c.notNull())
    .addColumn('url', 'varchar(2048)', (c) => c.notNull())
    .addColumn('request_headers', 'text', (c) => c.notNull())
    .addColumn('request_data', 'text', (c) => c.notNull())
    .addColumn('response_status', 'varchar(32)', (c) => c.notNull())
    .addColumn('response_headers', 'text', (c) => c.notNull())
    .addColumn('response_body', 'text', (c) => c.notNull())
    .addColumn('execution_duration', 'real', (c) => c.notNull())
    .addColumn('internal_error_message', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_deliveries_hook_created').on('webhook_deliveries').columns(['hook_id', 'created_at']).execute();
  await db.schema.createIndex('webhook_deliveries_created').on('webhook_deliveries').column('created_at').execute();

  await db.schema
    .createTable('token_notices')
    .addColumn('token_id', 'integer', (c) => c.notNull().references('personal_access_tokens.id').onDelete('cascade'))
    .addColumn('threshold', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('token_notices_pk', ['token_id', 'threshold'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Latchkey migrations are forward-only');
}
