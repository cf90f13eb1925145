import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen once landed: never edit; add a new migration.

/**
 * Merge requests, their notes and discussions, approvals, assignees, reviewers and labels; commit
 * statuses and the external pipelines that group them.
 *
 * A merge request has its own iid sequence per project (`projects.merge_request_counter`, which
 * no cached read watches). A project's `merge_method` (merge, rebase_merge, ff) and
 * `squash_option` (never, always, default_on, default_off) are settings a cached project row
 * carries, so the projects trigger is re-created to watch them too.
 *
 * Merge request notes live in their own table: a note belongs to one merge request and to one
 * discussion (`discussion_id`, 40 hex characters as GitLab's); `resolvable` notes start or reply to
 * a thread that can be resolved. Approvals, assignees and reviewers are (merge request, user)
 * pairs. A commit status is one named job of an external pipeline for a (sha, ref) of a project,
 * as GitLab keeps them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const name = postgres ? sql`varchar(255) collate "C"` : 'varchar(255)';
  const table = (tableName: string) =>
    postgres
      ? db.schema.createTable(tableName).addColumn('id', 'serial', (c) => c.primaryKey())
      : db.schema.createTable(tableName).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await db.schema.alterTable('projects').addColumn('merge_request_counter', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('projects').addColumn('merge_method', 'varchar(16)', (c) => c.notNull().defaultTo('merge')).execute();
  await db.schema.alterTable('projects').addColumn('squash_option', 'varchar(16)', (c) => c.notNull().defaultTo('default_off')).execute();

  const watched = 'namespace_id, name, path, description, visibility, default_branch, creator_id, last_activity_at, merge_method, squash_option';
  if (postgres) {
    await sql.raw('drop trigger projects_update_read_cache_epoch on projects').execute(db);
    await sql
      .raw(
        `create constraint trigger projects_update_read_cache_epoch after update of ${watched} on projects deferrable initially deferred for each row execute function latchkey_bump_read_cache_epoch('projects')`,
      )
      .execute(db);
  } else {
    await sql.raw('drop trigger projects_update_read_cache_epoch').execute(db);
    await sql
      .raw(`create trigger projects_update_read_cache_epoch after update of ${watched} on projects begin update read_cache_epochs set value = value + 1 where kind = 'projects'; end`)
      .execute(db);
  }

  await table('merge_requests')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('iid', 'integer', (c) => c.notNull())
    .addColumn('title', 'varchar(255)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('source_branch', name, (c) => c.notNull())
    .addColumn('target_branch', name, (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('updated_by_id', 'integer', (c) => c.references('users.id'))
    .addColumn('merge_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('closed_by_id', 'integer', (c) => c.references('users.id'))
    // The source branch's tip, the target's tip and their merge base when last computed (diff_refs).
    .addColumn('head_sha', 'varchar(64)')
    .addColumn('start_sha', 'varchar(64)')
    .addColumn('base_sha', 'varchar(64)')
    .addColumn('merge_commit_sha', 'varchar(64)')
    .addColumn('squash_commit_sha', 'varchar(64)')
    // 'unchecked' | 'can_be_merged' | 'cannot_be_merged' for head/start above.
    .addColumn('merge_status', 'varchar(32)', (c) => c.notNull().defaultTo('unchecked'))
    .addColumn('has_conflicts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('force_remove_source_branch', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('squash', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('discussion_locked', 'integer')
    .addColumn('merge_error', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('merged_at', 'varchar(32)')
    .addColumn('closed_at', 'varchar(32)')
    .addUniqueConstraint('merge_requests_project_iid', ['project_id', 'iid'])
    .execute();
  await db.schema.createIndex('merge_requests_project_branches').on('merge_requests').columns(['project_id', 'source_branch', 'target_branch', 'state']).execute();
  await db.schema.createIndex('merge_requests_project_state_created').on('merge_requests').columns(['project_id', 'state', 'created_at']).execute();
  await db.schema.createIndex('merge_requests_author').on('merge_requests').column('author_id').execute();

  for (const pair of ['merge_request_assignees', 'merge_request_reviewers']) {
    await db.schema
      .createTable(pair)
      .addColumn('merge_request_id', 'integer', (c) => c.notNull().references('merge_requests.id').onDelete('cascade'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addPrimaryKeyConstraint(`${pair}_pkey`, ['merge_request_id', 'user_id'])
      .execute();
    await db.schema.createIndex(`${pair}_user`).on(pair).column('user_id').execute();
  }

  await db.schema
    .createTable('merge_request_labels')
    .addColumn('merge_request_id', 'integer', (c) => c.notNull().references('merge_requests.id').onDelete('cascade'))
    .addColumn('label_id', 'integer', (c) => c.notNull().references('labels.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('merge_request_labels_pkey', ['merge_request_id', 'label_id'])
    .execute();
  await db.schema.createIndex('merge_request_labels_label').on('merge_request_labels').column('label_id').execute();

  await db.schema
    .createTable('merge_request_approvals')
    .addColumn('merge_request_id', 'integer', (c) => c.notNull().references('merge_requests.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('merge_request_approvals_pkey', ['merge_request_id', 'user_id'])
    .execute();
  await db.schema.createIndex('merge_request_approvals_user').on('merge_request_approvals').column('user_id').execute();

  await table('merge_request_notes')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('merge_request_id', 'integer', (c) => c.notNull().references('merge_requests.id').onDelete('cascade'))
    .addColumn('discussion_id', 'varchar(40)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('system', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('resolvable', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('resolved_by_id', 'integer', (c) => c.references('users.id'))
    .addColumn('resolved_at', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('merge_request_notes_mr').on('merge_request_notes').columns(['merge_request_id', 'created_at']).execute();
  await db.schema.createIndex('merge_request_notes_discussion').on('merge_request_notes').column('discussion_id').execute();
  await db.schema.createIndex('merge_request_notes_author').on('merge_request_notes').column('author_id').execute();

  await table('pipelines')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('iid', 'integer', (c) => c.notNull())
    .addColumn('sha', 'varchar(64)', (c) => c.notNull())
    .addColumn('ref', name)
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('source', 'varchar(32)', (c) => c.notNull().defaultTo('external'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('started_at', 'varchar(32)')
    .addColumn('finished_at', 'varchar(32)')
    .addUniqueConstraint('pipelines_project_iid', ['project_id', 'iid'])
    .execute();
  await db.schema.createIndex('pipelines_project_sha').on('pipelines').columns(['project_id', 'sha']).execute();
  await db.schema.createIndex('pipelines_user').on('pipelines').column('user_id').execute();
  await db.schema.alterTable('projects').addColumn('pipeline_counter', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  await table('commit_statuses')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('pipeline_id', 'integer', (c) => c.notNull().references('pipelines.id').onDelete('cascade'))
    .addColumn('sha', 'varchar(64)', (c) => c.notNull())
    .addColumn('ref', name)
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('target_url', 'varchar(2048)')
    .addColumn('description', 'text')
    .addColumn('coverage', 'real')
    .addColumn('allow_failure', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('author_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('started_at', 'varchar(32)')
    .addColumn('finished_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('commit_statuses_project_sha').on('commit_statuses').columns(['project_id', 'sha']).execute();
  await db.schema.createIndex('commit_statuses_pipeline').on('commit_statuses').column('pipeline_id').execute();
  await db.schema.createIndex('commit_statuses_author').on('commit_statuses').column('author_id').execute();
}

export async function down(): Promise<void> {
  throw new Error('Latchkey migrations are forward-only');
}
