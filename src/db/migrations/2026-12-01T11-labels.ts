import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen once landed: never edit; add a new migration.

/**
 * Project labels and the labels of each issue. A label's name is compared and sorted byte by byte
 * on both dialects (SQLite's default; PostgreSQL's "C" collation), so `Bug` and `bug` are two
 * labels everywhere and lists come back in the same order. Deleting a label or an issue drops
 * their links; deleting a project drops its labels.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const labels = postgres
    ? db.schema.createTable('labels').addColumn('id', 'serial', (c) => c.primaryKey())
    : db.schema.createTable('labels').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  await labels
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('name', postgres ? sql`varchar(255) collate "C"` : 'varchar(255)', (c) => c.notNull())
    .addColumn('color', 'varchar(7)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('priority', 'integer')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('labels_project_name', ['project_id', 'name'])
    .execute();

  await db.schema
    .createTable('issue_labels')
    .addColumn('issue_id', 'integer', (c) => c.notNull().references('issues.id').onDelete('cascade'))
    .addColumn('label_id', 'integer', (c) => c.notNull().references('labels.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('issue_labels_pkey', ['issue_id', 'label_id'])
    .execute();
  await db.schema.createIndex('issue_labels_label').on('issue_labels').column('label_id').execute();
}

export async function down(): Promise<void> {
  throw new Error('Latchkey migrations are forward-only');
}
