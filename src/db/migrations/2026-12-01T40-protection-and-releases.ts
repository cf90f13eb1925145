import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen once landed: never edit; add a new migration.

/**
 * Protected branches and tags, releases and their asset links.
 *
 * A protected branch or tag is a name or a wildcard pattern (`release/*`) with the access level
 * that may push (or merge, or create the tag): 0 no one, 30 Developers, 40 Maintainers. Names
 * compare byte by byte on both dialects. Every project that exists when this runs gets its default
 * branch protected (Maintainers push and merge, no force push), as GitLab does for a new project.
 *
 * A release belongs to one tag of a project; deleting the project drops its releases, deleting a
 * release drops its links. A release's author moves to the Ghost User with the rest of a deleted
 * user's records.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const name = postgres ? sql`varchar(255) collate "C"` : 'varchar(255)';
  const table = (tableName: string) =>
    postgres
      ? db.schema.createTable(tableName).addColumn('id', 'serial', (c) => c.primaryKey())
      : db.schema.createTable(tableName).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await table('protected_branches')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('name', name, (c) => c.notNull())
    .addColumn('push_access_level', 'integer', (c) => c.notNull())
    .addColumn('merge_access_level', 'integer', (c) => c.notNull())
    .addColumn('allow_force_push', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('code_owner_approval_required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('protected_branches_project_name', ['project_id', 'name'])
    .execute();

  await table('protected_tags')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('name', name, (c) => c.notNull())
    .addColumn('create_access_level', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('protected_tags_project_name', ['project_id', 'name'])
    .execute();

  await table('releases')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('tag_name', name, (c) => c.notNull())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('author_id', 'integer', (c) => c.references('users.id'))
    .addColumn('released_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('releases_project_tag', ['project_id', 'tag_name'])
    .execute();
  await db.schema.createIndex('releases_project_released').on('releases').columns(['project_id', 'released_at']).execute();
  await db.schema.createIndex('releases_author').on('releases').column('author_id').execute();

  await table('release_links')
    .addColumn('release_id', 'integer', (c) => c.notNull().references('releases.id').onDelete('cascade'))
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('url', 'varchar(2048)', (c) => c.notNull())
    .addColumn('direct_asset_path', 'varchar(1024)')
    .addColumn('link_type', 'varchar(16)', (c) => c.notNull().defaultTo('other'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('release_links_release_name', ['release_id', 'name'])
    .addUniqueConstraint('release_links_release_url', ['release_id', 'url'])
    .execute();

  const now = new Date().toISOString();
  await sql`insert into protected_branches (project_id, name, push_access_level, merge_access_level, allow_force_push, code_owner_approval_required, created_at, updated_at)
    select id, default_branch, 40, 40, 0, 0, ${now}, ${now} from projects`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Latchkey migrations are forward-only');
}
