import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen once landed: never edit; add a new migration.

/**
 * A `repository` read-cache kind with an epoch per project, for whether a project's repository has
 * a branch (GitLab's `empty_repo`, in every project entity): every branch or tag a push or an API
 * write moves records a push event in the step that moves it, so an event inserted for a project
 * moves that project's epoch (other events too: rarer than reads, and they touch one project).
 * A deleted project's entry goes as well. Uses the scoped bump of 2026-12-02T80-read-cache-scoped-epochs.
 */
const SCOPED: { table: string; column: string; event: 'insert' | 'delete' }[] = [
  { table: 'events', column: 'project_id', event: 'insert' },
  { table: 'projects', column: 'id', event: 'delete' },
];

const KIND = 'repository';

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.insertInto('read_cache_epochs').values({ kind: KIND, value: 0 }).execute();
  for (const { table, column, event } of SCOPED) {
    const name = `${table}_${event}_read_cache_${KIND}`;
    const row = event === 'insert' ? 'new' : 'old';
    await sql
      .raw(
        postgres
          ? `create constraint trigger ${name} after ${event} on ${table} deferrable initially deferred for each row execute function latchkey_bump_scoped_read_cache_epoch('${KIND}', '${column}')`
          : `create trigger ${name} after ${event} on ${table} begin ` +
              `update read_cache_epochs set value = value + 1 where kind = 'scoped'; ` +
              `insert or replace into read_cache_scoped_epochs (kind, scope, value) select '${KIND}', ${row}.${column}, value from read_cache_epochs where kind = 'scoped'; end`,
      )
      .execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Latchkey migrations are forward-only');
}
