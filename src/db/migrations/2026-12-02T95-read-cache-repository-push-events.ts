import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen once landed: never edit; add a new migration.

/**
 * The `repository` epoch of a project moves on its push events only (a branch or tag created,
 * updated or deleted, the actions record-push-events writes), not on every event: a note or an
 * issue no longer drops the project's `empty_repo`, and, on PostgreSQL, no longer takes the lock on
 * read_cache_epochs that every scoped bump takes at commit. The trigger of
 * 2026-12-02T90-read-cache-repository is made again with a WHEN clause.
 */
const NAME = 'events_insert_read_cache_repository';
const PUSH_ACTIONS = "('pushed new', 'pushed to', 'deleted')";

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await sql.raw(postgres ? `drop trigger ${NAME} on events` : `drop trigger ${NAME}`).execute(db);
  await sql
    .raw(
      postgres
        ? `create constraint trigger ${NAME} after insert on events deferrable initially deferred for each row ` +
            `when (new.action_name in ${PUSH_ACTIONS}) execute function latchkey_bump_scoped_read_cache_epoch('repository', 'project_id')`
        : `create trigger ${NAME} after insert on events when new.action_name in ${PUSH_ACTIONS} begin ` +
            `update read_cache_epochs set value = value + 1 where kind = 'scoped'; ` +
            `insert or replace into read_cache_scoped_epochs (kind, scope, value) select 'repository', new.project_id, value from read_cache_epochs where kind = 'scoped'; end`,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Latchkey migrations are forward-only');
}
