import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has landed; add a new one.

/**
 * The auth epoch: one counter that triggers bump in the same transaction as every change that
 * can alter who a credential authenticates as, or what a user may see of a project. Nodes keep
 * such reads in memory (src/db/read-cache.ts) and drop them when the counter moves, which they
 * check on every request. Triggers, not application code, so no writer can miss it: another node,
 * the CLI, a migration or psql.
 *
 * Watched: tokens (not last_used_*), users, namespaces, projects (not issue_counter), members.
 * New tokens and users need no bump: a lookup that found nothing is never kept.
 */
const WATCHED: { table: string; events: string[] }[] = [
  { table: 'personal_access_tokens', events: ['update of revoked, expires_at, scopes, user_id, project_id, digest, access_level', 'delete'] },
  { table: 'users', events: ['update of username, name, email, user_type, is_admin, state, bot_project_id', 'delete'] },
  { table: 'namespaces', events: ['update', 'delete'] },
  {
    table: 'projects',
    events: ['update of namespace_id, name, path, description, visibility, default_branch, creator_id, last_activity_at', 'delete'],
  },
  { table: 'members', events: ['insert', 'update', 'delete'] },
];

const BUMP = 'update auth_epoch set value = value + 1 where id = 1';

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('auth_epoch')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('auth_epoch').values({ id: 1, value: 0 }).execute();
  if (postgres) {
    await sql.raw(`create function latchkey_bump_auth_epoch() returns trigger language plpgsql as $$ begin ${BUMP}; return null; end $$`).execute(db);
  }
  for (const { table, events } of WATCHED) {
    for (const event of events) {
      const name = `${table}_${event.split(' ')[0]}_auth_epoch`;
      // PostgreSQL: deferred to commit, so concurrent writers queue on the counter's row only
      // for the commit itself, not for their whole transaction.
      await sql
        .raw(
          postgres
            ? `create constraint trigger ${name} after ${event} on ${table} deferrable initially deferred for each row execute function latchkey_bump_auth_epoch()`
            : `create trigger ${name} after ${event} on ${table} begin ${BUMP}; end`,
        )
        .execute(db);
    }
  }
}

export async function down(): Promise<void> {
  throw new Error('Latchkey migrations are forward-only');
}
