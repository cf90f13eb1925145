import { PostgresAdapter, type Kysely } from 'kysely';

// Frozen once landed: never edit; add a new migration.

/** Container repositories and their tags, kept from the registry's push/delete notifications. */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = (table: string) =>
    postgres
      ? db.schema.createTable(table).addColumn('id', 'serial', (c) => c.primaryKey())
      : db.schema.createTable(table).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await id('container_repositories')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('path', 'varchar(255)', (c) => c.notNull().unique())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('container_repositories_project').on('container_repositories').columns(['project_id', 'id']).execute();

  await id('container_repository_tags')
    .addColumn('repository_id', 'integer', (c) => c.notNull().references('container_repositories.id').onDelete('cascade'))
    .addColumn('name', 'varchar(128)', (c) => c.notNull())
    .addColumn('digest', 'varchar(160)', (c) => c.notNull())
    .addColumn('media_type', 'varchar(255)')
    .addColumn('revision', 'varchar(160)')
    .addColumn('total_size', 'bigint')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('container_repository_tags_repository_name', ['repository_id', 'name'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Latchkey migrations are forward-only');
}
