import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen once landed: never edit; add a new migration.

/**
 * A read-cache kind for the counts a project's entity shows (`issues`: open issues per project),
 * so GET /projects/:id answers from memory again: its epoch moves with every issue created,
 * deleted, closed, reopened or moved to another project, and with nothing else (a note, a label
 * or an edited title leaves the counts alone).
 */
const WATCHED = ['insert', 'update of state, project_id', 'delete'];

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.insertInto('read_cache_epochs').values({ kind: 'issues', value: 0 }).execute();
  for (const event of WATCHED) {
    const name = `issues_${event.split(' ')[0]}_read_cache_epoch`;
    await sql
      .raw(
        postgres
          ? `create constraint trigger ${name} after ${event} on issues deferrable initially deferred for each row execute function latchkey_bump_read_cache_epoch('issues')`
          : `create trigger ${name} after ${event} on issues begin update read_cache_epochs set value = value + 1 where kind = 'issues'; end`,
      )
      .execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Latchkey migrations are forward-only');
}
