import { Migrator, sql, type Migration } from 'kysely';
import { LATCHKEY_VERSION } from '../domain/version.ts';
import type { Db } from './database.ts';
import * as initial from './migrations/2026-11-29T00-initial.ts';
import * as containerRegistry from './migrations/2026-11-30T05-container-registry.ts';
import * as sshKeyUsage from './migrations/2026-11-30T06-ssh-key-usage.ts';
import * as sessionIndexes from './migrations/2026-11-30T10-session-indexes.ts';
import * as authEpoch from './migrations/2026-11-30T11-auth-epoch.ts';
import * as authFailureEvents from './migrations/2026-12-01T10-auth-failure-events.ts';
import * as labels from './migrations/2026-12-01T11-labels.ts';
import * as containerRepositoryRemovals from './migrations/2026-12-01T20-container-repository-removals.ts';
import * as readCacheEpochs from './migrations/2026-12-01T30-read-cache-epochs.ts';
import * as protectionAndReleases from './migrations/2026-12-01T40-protection-and-releases.ts';
import * as mergeRequests from './migrations/2026-12-02T10-merge-requests.ts';
import * as webhooksAndNotices from './migrations/2026-12-02T20-webhooks-and-notices.ts';
import * as tokenGuardRails from './migrations/2026-12-02T30-token-guard-rails.ts';
import * as tokenRevocationRequests from './migrations/2026-12-02T44-token-revocation-requests.ts';
import * as groups from './migrations/2026-12-02T50-groups.ts';
import * as readCacheProjectDetails from './migrations/2026-12-02T55-read-cache-project-details.ts';
import * as groupAccessTokens from './migrations/2026-12-02T60-group-access-tokens.ts';
import * as groupHooks from './migrations/2026-12-02T70-group-hooks.ts';
import * as readCacheScopedEpochs from './migrations/2026-12-02T80-read-cache-scoped-epochs.ts';
import * as readCacheRepository from './migrations/2026-12-02T90-read-cache-repository.ts';
import * as readCacheRepositoryPushEvents from './migrations/2026-12-02T95-read-cache-repository-push-events.ts';

/** Every migration, in order. Names are date-prefixed; a landed migration is never edited. */
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-29T00-initial': initial,
  '2026-11-30T05-container-registry': containerRegistry,
  '2026-11-30T06-ssh-key-usage': sshKeyUsage,
  '2026-11-30T10-session-indexes': sessionIndexes,
  '2026-11-30T11-auth-epoch': authEpoch,
  '2026-12-01T10-auth-failure-events': authFailureEvents,
  '2026-12-01T11-labels': labels,
  '2026-12-01T20-container-repository-removals': containerRepositoryRemovals,
  '2026-12-01T30-read-cache-epochs': readCacheEpochs,
  '2026-12-01T40-protection-and-releases': protectionAndReleases,
  '2026-12-02T10-merge-requests': mergeRequests,
  '2026-12-02T20-webhooks-and-notices': webhooksAndNotices,
  '2026-12-02T30-token-guard-rails': tokenGuardRails,
  '2026-12-02T44-token-revocation-requests': tokenRevocationRequests,
  '2026-12-02T50-groups': groups,
  '2026-12-02T55-read-cache-project-details': readCacheProjectDetails,
  '2026-12-02T60-group-access-tokens': groupAccessTokens,
  '2026-12-02T70-group-hooks': groupHooks,
  '2026-12-02T80-read-cache-scoped-epochs': readCacheScopedEpochs,
  '2026-12-02T90-read-cache-repository': readCacheRepository,
  '2026-12-02T95-read-cache-repository-push-events': readCacheRepositoryPushEvents,
};

/** Every migration's name, oldest first; the last is the schema version of this code. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS);

/** The tables the migrator keeps for itself (a backup leaves them out; a restore recreates them). */
export const MIGRATION_TABLES = ['latchkey_migrations', 'latchkey_migrations_lock'] as const;
const MIGRATION_TABLE = MIGRATION_TABLES[0];

/**
 * The database was migrated by a newer Latchkey: this code does not know one of its migrations.
 * Start-up stops before migrating anything; the message is the one line the operator sees.
 */
export class DatabaseTooNewError extends Error {
  constructor(readonly unknownMigrations: string[]) {
    const first = unknownMigrations[0]!;
    const newest = Object.keys(MIGRATIONS).at(-1)!;
    super(
      `the database is newer than this Latchkey ${LATCHKEY_VERSION}: it has migration ${first}` +
        `${unknownMigrations.length > 1 ? ` (and ${unknownMigrations.length - 1} more)` : ''}, which this version does not know ` +
        `(its newest is ${newest}); run the Latchkey version that migrated it (one made on or after ${first.slice(0, 10)}), or restore a backup taken before that upgrade`,
    );
    this.name = 'DatabaseTooNewError';
  }
}

/** The applied migrations this code has no file for, oldest first (none on a new database). */
async function unknownAppliedMigrations(db: Db): Promise<string[]> {
  let applied: string[];
  try {
    const result = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)} order by name`.execute(db);
    applied = result.rows.map((row) => row.name);
  } catch (error) {
    if (isMissingTable(error)) return [];
    throw error;
  }
  return applied.filter((name) => !Object.hasOwn(MIGRATIONS, name));
}

/** SQLite's "no such table", PostgreSQL's undefined_table (42P01). */
function isMissingTable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === '42P01' || (typeof message === 'string' && message.startsWith('no such table'));
}

function migrator(db: Db): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: MIGRATION_TABLES[0],
    migrationLockTableName: MIGRATION_TABLES[1],
  });
}

/** Applies the migrations up to and including `name` (a restore builds the schema its archive was taken at). */
export async function migrateTo(db: Db, name: string): Promise<void> {
  const unknown = await unknownAppliedMigrations(db);
  if (unknown.length > 0) throw new DatabaseTooNewError(unknown);
  const { error } = await migrator(db).migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

/**
 * Applies every pending migration, in order; refuses a database with a migration this code does
 * not know (a newer Latchkey's) before touching it.
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const unknown = await unknownAppliedMigrations(db);
  if (unknown.length > 0) throw new DatabaseTooNewError(unknown);
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
