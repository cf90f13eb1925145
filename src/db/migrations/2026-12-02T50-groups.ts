import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has landed; add a new one.

/**
 * Groups, as namespaces of kind 'group': a parent (a subgroup's), a description and a visibility.
 * `namespaces.path` keeps holding the full path (`parent/child`): still unique over the whole
 * instance, so a path is unique among its siblings and a top-level group never takes a user's
 * namespace. `owner_id` is the group's creator (moved to the ghost user when they are deleted).
 *
 * Group members (`group_members`, like `members` keyed by group) count on the group, its
 * subgroups and all their projects. A project's cached membership now depends on them, on the
 * project's namespace and on a namespace's parent: those writes move the `members` epoch.
 */
const WATCHED: { name: string; table: string; event: string }[] = [
  { name: 'group_members_insert', table: 'group_members', event: 'insert' },
  { name: 'group_members_update', table: 'group_members', event: 'update' },
  { name: 'group_members_delete', table: 'group_members', event: 'delete' },
  { name: 'projects_update_members', table: 'projects', event: 'update of namespace_id' },
  { name: 'namespaces_update_members', table: 'namespaces', event: 'update of parent_id' },
];

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.alterTable('namespaces').addColumn('parent_id', 'integer', (c) => c.references('namespaces.id')).execute();
  await db.schema.alterTable('namespaces').addColumn('description', 'text').execute();
  await db.schema.alterTable('namespaces').addColumn('visibility', 'varchar(16)').execute();
  await db.schema.createIndex('namespaces_parent').on('namespaces').column('parent_id').execute();

  const table = postgres
    ? db.schema.createTable('group_members').addColumn('id', 'serial', (c) => c.primaryKey())
    : db.schema.createTable('group_members').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  await table
    .addColumn('group_id', 'integer', (c) => c.notNull().references('namespaces.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('access_level', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(10)')
    .addColumn('created_by_id', 'integer')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('group_members_group_user', ['group_id', 'user_id'])
    .execute();
  await db.schema.createIndex('group_members_user').on('group_members').column('user_id').execute();

  for (const { name, table: on, event } of WATCHED) {
    const trigger = `${name}_read_cache_epoch`;
    await sql
      .raw(
        postgres
          ? `create constraint trigger ${trigger} after ${event} on ${on} deferrable initially deferred for each row execute function latchkey_bump_read_cache_epoch('members')`
          : `create trigger ${trigger} after ${event} on ${on} begin update read_cache_epochs set value = value + 1 where kind = 'members'; end`,
      )
      .execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Latchkey migrations are forward-only');
}
