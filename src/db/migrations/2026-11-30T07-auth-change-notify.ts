import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen once landed. PostgreSQL only: every node LISTENs on `latchkey_auth` and drops its token
// cache when a token or user changes in a way that matters for authentication. The notification
// is sent at commit, so no node hears of a change that was rolled back. (SQLite needs no trigger:
// one process per file, and other processes' commits show in PRAGMA data_version.)

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`
    create function latchkey_notify_auth_change() returns trigger language plpgsql as $$
    begin
      perform pg_notify('latchkey_auth', tg_table_name);
      return null;
    end $$`.execute(db);
  await sql`
    create trigger personal_access_tokens_auth_change
    after update of revoked, expires_at, scopes, user_id, project_id, digest or delete on personal_access_tokens
    for each statement execute function latchkey_notify_auth_change()`.execute(db);
  await sql`
    create trigger users_auth_change
    after update of state, is_admin, user_type, username, name, email, bot_project_id or delete on users
    for each statement execute function latchkey_notify_auth_change()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Latchkey migrations are forward-only');
}
