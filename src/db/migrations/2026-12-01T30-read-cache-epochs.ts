import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has landed; add a new one.

/**
 * The read cache's epochs, one per kind of cached read, in place of the single auth epoch of
 * 2026-11-30T11: a counter per kind that triggers bump in the same transaction as every write the
 * kind depends on (see WATCHED in src/db/cached-reads.ts, which a test compares with what this
 * installs). Activity (events, a project's last_activity_at, issues, notes, labels, token use)
 * no longer empties the cached tokens, users and memberships.
 */
const KINDS = ['credentials', 'members', 'projects'];

const WATCHED: { table: string; kind: string; events: string[] }[] = [
  {
    table: 'personal_access_tokens',
    kind: 'credentials',
    events: ['update of revoked, expires_at, scopes, user_id, project_id, digest, access_level', 'delete'],
  },
  { table: 'users', kind: 'credentials', events: ['update of username, name, email, user_type, is_admin, state, bot_project_id', 'delete'] },
  { table: 'namespaces', kind: 'projects', events: ['update', 'delete'] },
  {
    table: 'projects',
    kind: 'projects',
    events: ['update of namespace_id, name, path, description, visibility, default_branch, creator_id, last_activity_at', 'delete'],
  },
  { table: 'members', kind: 'members', events: ['insert', 'update', 'delete'] },
];

/** The triggers of 2026-11-30T11, by table. */
const AUTH_EPOCH_TRIGGERS: [string, string[]][] = [
  ['personal_access_tokens', ['update', 'delete']],
  ['users', ['update', 'delete']],
  ['namespaces', ['update', 'delete']],
  ['projects', ['update', 'delete']],
  ['members', ['insert', 'update', 'delete']],
];

const bump = (kind: string) => `update read_cache_epochs set value = value + 1 where kind = '${kind}'`;

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const [table, events] of AUTH_EPOCH_TRIGGERS) {
    for (const event of events) {
      await sql.raw(`drop trigger if exists ${table}_${event}_auth_epoch${postgres ? ` on ${table}` : ''}`).execute(db);
    }
  }
  if (postgres) await sql.raw('drop function if exists latchkey_bump_auth_epoch()').execute(db);
  await db.schema.dropTable('auth_epoch').ifExists().execute();

  await db.schema
    .createTable('read_cache_epochs')
    .addColumn('kind', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute();
  await db
    .insertInto('read_cache_epochs')
    .values(KINDS.map((kind) => ({ kind, value: 0 })))
    .execute();
  if (postgres) {
    // Every bump first locks all the counters, always in the same order: two transactions that
    // bump two kinds in opposite orders would otherwise deadlock at commit.
    await sql
      .raw(
        `create function latchkey_bump_read_cache_epoch() returns trigger language plpgsql as $$ begin ` +
          `perform 1 from read_cache_epochs order by kind for update; ` +
          `update read_cache_epochs set value = value + 1 where kind = TG_ARGV[0]; return null; end $$`,
      )
      .execute(db);
  }
  for (const { table, kind, events } of WATCHED) {
    for (const event of events) {
      const name = `${table}_${event.split(' ')[0]}_read_cache_epoch`;
      // PostgreSQL: deferred to commit, so concurrent writers queue on the counters only for the
      // commit itself, not for their whole transaction.
      await sql
        .raw(
          postgres
            ? `create constraint trigger ${name} after ${event} on ${table} deferrable initially deferred for each row execute function latchkey_bump_read_cache_epoch('${kind}')`
            : `create trigger ${name} after ${event} on ${table} begin ${bump(kind)}; end`,
        )
        .execute(db);
    }
  }
}

export async function down(): Promise<void> {
  throw new Error('Latchkey migrations are forward-only');
}
