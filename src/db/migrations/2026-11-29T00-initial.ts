import { PostgresAdapter, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely } from 'kysely';

// Frozen: never edit a migration that has landed; add a new one.

function withId<T extends string>(db: Kysely<any>, table: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return postgres
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

const notNull = (c: ColumnDefinitionBuilder) => c.notNull();

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('users'))
    .addColumn('username', 'varchar(255)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(255)', notNull)
    .addColumn('email', 'varchar(255)', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text')
    .addColumn('user_type', 'varchar(32)', notNull)
    .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('state', 'varchar(32)', (c) => c.notNull().defaultTo('active'))
    .addColumn('bot_project_id', 'integer')
    .addColumn('created_at', 'varchar(32)', notNull)
    .execute();
  await db.schema.createIndex('users_user_type').on('users').column('user_type').execute();

  await withId(db, db.schema.createTable('namespaces'))
    .addColumn('path', 'varchar(255)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(255)', notNull)
    .addColumn('kind', 'varchar(32)', notNull)
    .addColumn('owner_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'varchar(32)', notNull)
    .execute();

  await withId(db, db.schema.createTable('projects'))
    .addColumn('namespace_id', 'integer', (c) => c.notNull().references('namespaces.id'))
    .addColumn('name', 'varchar(255)', notNull)
    .addColumn('path', 'varchar(255)', notNull)
    .addColumn('description', 'text')
    .addColumn('visibility', 'varchar(16)', notNull)
    .addColumn('default_branch', 'varchar(255)', notNull)
    .addColumn('creator_id', 'integer')
    .addColumn('issue_counter', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', notNull)
    .addColumn('last_activity_at', 'varchar(32)', notNull)
    .addUniqueConstraint('projects_namespace_path', ['namespace_id', 'path'])
    .execute();

  await withId(db, db.schema.createTable('members'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('access_level', 'integer', notNull)
    .addColumn('expires_at', 'varchar(10)')
    .addColumn('created_by_id', 'integer')
    .addColumn('created_at', 'varchar(32)', notNull)
    .addUniqueConstraint('members_project_user', ['project_id', 'user_id'])
    .execute();
  await db.schema.createIndex('members_user').on('members').column('user_id').execute();

  await withId(db, db.schema.createTable('personal_access_tokens'))
    .addColumn('user_id', 'integer', notNull)
    .addColumn('project_id', 'integer')
    .addColumn('name', 'varchar(255)', notNull)
    .addColumn('description', 'text')
    .addColumn('digest', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('scopes', 'text', notNull)
    .addColumn('access_level', 'integer')
    .addColumn('expires_at', 'varchar(10)')
    .addColumn('revoked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', notNull)
    .addColumn('last_used_at', 'varchar(32)')
    .addColumn('last_used_ips', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('last_used_ips_at', 'varchar(32)')
    .addColumn('previous_personal_access_token_id', 'integer')
    .execute();
  await db.schema.createIndex('personal_access_tokens_user').on('personal_access_tokens').column('user_id').execute();
  await db.schema.createIndex('personal_access_tokens_project').on('personal_access_tokens').column('project_id').execute();
  await db.schema
    .createIndex('personal_access_tokens_previous')
    .on('personal_access_tokens')
    .column('previous_personal_access_token_id')
    .execute();

  await withId(db, db.schema.createTable('issues'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('iid', 'integer', notNull)
    .addColumn('title', 'varchar(255)', notNull)
    .addColumn('description', 'text')
    .addColumn('state', 'varchar(16)', notNull)
    .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('updated_by_id', 'integer', (c) => c.references('users.id'))
    .addColumn('closed_by_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'varchar(32)', notNull)
    .addColumn('updated_at', 'varchar(32)', notNull)
    .addColumn('closed_at', 'varchar(32)')
    .addUniqueConstraint('issues_project_iid', ['project_id', 'iid'])
    .execute();
  await db.schema.createIndex('issues_author').on('issues').column('author_id').execute();

  await withId(db, db.schema.createTable('notes'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('issue_id', 'integer', (c) => c.notNull().references('issues.id').onDelete('cascade'))
    .addColumn('body', 'text', notNull)
    .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(32)', notNull)
    .addColumn('updated_at', 'varchar(32)', notNull)
    .execute();
  await db.schema.createIndex('notes_issue').on('notes').column('issue_id').execute();
  await db.schema.createIndex('notes_author').on('notes').column('author_id').execute();

  await withId(db, db.schema.createTable('events'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('action_name', 'varchar(64)', notNull)
    .addColumn('target_type', 'varchar(64)')
    .addColumn('target_id', 'integer')
    .addColumn('target_iid', 'integer')
    .addColumn('target_title', 'varchar(255)')
    .addColumn('data', 'text')
    .addColumn('created_at', 'varchar(32)', notNull)
    .execute();
  await db.schema.createIndex('events_project').on('events').columns(['project_id', 'id']).execute();
  await db.schema.createIndex('events_author').on('events').column('author_id').execute();

  await withId(db, db.schema.createTable('audit_events'))
    .addColumn('entity_type', 'varchar(32)', notNull)
    .addColumn('entity_id', 'integer', notNull)
    .addColumn('author_id', 'integer', notNull)
    .addColumn('author_name', 'varchar(255)', notNull)
    .addColumn('event_name', 'varchar(64)', notNull)
    .addColumn('target_id', 'integer')
    .addColumn('target_type', 'varchar(64)')
    .addColumn('target_details', 'varchar(255)')
    .addColumn('custom_message', 'text', notNull)
    .addColumn('ip_address', 'varchar(64)')
    .addColumn('created_at', 'varchar(32)', notNull)
    .execute();
  await db.schema.createIndex('audit_events_entity').on('audit_events').columns(['entity_type', 'entity_id', 'id']).execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_digest', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'varchar(64)', notNull)
    .addColumn('created_at', 'varchar(32)', notNull)
    .addColumn('expires_at', 'varchar(32)', notNull)
    .execute();

  await withId(db, db.schema.createTable('ssh_keys'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('title', 'varchar(255)', notNull)
    .addColumn('key', 'text', notNull)
    .addColumn('fingerprint', 'varchar(128)', (c) => c.notNull().unique())
    .addColumn('created_at', 'varchar(32)', notNull)
    .addColumn('expires_at', 'varchar(32)')
    .execute();

  await db.schema
    .createTable('auth_failures')
    .addColumn('ip', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('failures', 'integer', notNull)
    .addColumn('window_started_at', 'varchar(32)', notNull)
    .addColumn('banned_until', 'varchar(32)')
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Latchkey migrations are forward-only');
}
