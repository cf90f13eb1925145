import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen once landed: never edit; add a new migration.

/**
 * Epochs per project for the read-cache kinds that project activity moves (`projects`: a project's
 * row, its last_activity_at above all; `issues`: its open issue count), so a note, an issue or a
 * push in one project no longer empties every node's cached copy of every other project.
 *
 * A watched write to a project's row or issues upserts `(kind, project id)` in
 * read_cache_scoped_epochs with the next value of one counter, the `scoped` row of
 * read_cache_epochs. Every bump locks all of read_cache_epochs' rows first (as
 * latchkey_bump_read_cache_epoch does, in the same order), so on PostgreSQL values are taken in
 * commit order: a node that read the counter at N has seen every scoped row up to N, and next asks
 * only for the rows past N (an index on value). On SQLite the one writer orders them.
 * Namespaces (a group renamed or moved) still move the whole `projects` kind.
 */
const SCOPED: { table: string; kind: string; column: string; events: string[] }[] = [
  {
    table: 'projects',
    kind: 'projects',
    column: 'id',
    events: ['update of namespace_id, name, path, description, visibility, default_branch, creator_id, last_activity_at, merge_method, squash_option', 'delete'],
  },
  { table: 'issues', kind: 'issues', column: 'project_id', events: ['insert', 'update of state, project_id', 'delete'] },
];

const triggerName = (table: string, event: string) => `${table}_${event.split(' ')[0]}_read_cache_epoch`;

/** SQLite: the counter moves, then each project the row names (before and after an update) gets its value. */
function sqliteBody(kind: string, column: string, event: string): string {
  const rows = event === 'insert' ? ['new'] : event === 'delete' ? ['old'] : ['old', 'new'];
  return [
    `update read_cache_epochs set value = value + 1 where kind = 'scoped';`,
    ...rows.map(
      (row) =>
        `insert or replace into read_cache_scoped_epochs (kind, scope, value) select '${kind}', ${row}.${column}, value from read_cache_epochs where kind = 'scoped';`,
    ),
  ].join(' ');
}

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('read_cache_scoped_epochs')
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('scope', 'bigint', (c) => c.notNull())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('read_cache_scoped_epochs_pkey', ['kind', 'scope'])
    .execute();
  await db.schema.createIndex('read_cache_scoped_epochs_value').on('read_cache_scoped_epochs').column('value').execute();
  await db.insertInto('read_cache_epochs').values({ kind: 'scoped', value: 0 }).execute();

  if (postgres) {
    await sql
      .raw(
        `create function latchkey_bump_scoped_read_cache_epoch() returns trigger language plpgsql as $$ ` +
          `declare next_value bigint; scoped bigint; begin ` +
          `perform 1 from read_cache_epochs order by kind for update; ` +
          `update read_cache_epochs set value = value + 1 where kind = 'scoped' returning value into next_value; ` +
          `for scoped in select distinct s from (values ` +
          `(case when TG_OP <> 'INSERT' then (to_jsonb(OLD) ->> TG_ARGV[1])::bigint end), ` +
          `(case when TG_OP <> 'DELETE' then (to_jsonb(NEW) ->> TG_ARGV[1])::bigint end)) v(s) where s is not null loop ` +
          `insert into read_cache_scoped_epochs (kind, scope, value) values (TG_ARGV[0], scoped, next_value) ` +
          `on conflict (kind, scope) do update set value = excluded.value; ` +
          `end loop; return null; end $$`,
      )
      .execute(db);
  }
  for (const { table, kind, column, events } of SCOPED) {
    for (const event of events) {
      const name = triggerName(table, event);
      await sql.raw(postgres ? `drop trigger if exists ${name} on ${table}` : `drop trigger if exists ${name}`).execute(db);
      await sql
        .raw(
          postgres
            ? `create constraint trigger ${name} after ${event} on ${table} deferrable initially deferred for each row execute function latchkey_bump_scoped_read_cache_epoch('${kind}', '${column}')`
            : `create trigger ${name} after ${event} on ${table} begin ${sqliteBody(kind, column, event.split(' ')[0]!)} end`,
        )
        .execute(db);
    }
  }
}

export async function down(): Promise<void> {
  throw new Error('Latchkey migrations are forward-only');
}
