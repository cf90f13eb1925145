import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../database.ts';
import { pageOf, type Page, type Paged } from '../pagination.ts';
import type { NewTokenRow, TokenRow, UserRow } from '../schema.ts';
import { utcDate } from '../../domain/clock.ts';
import { containsText } from '../text-match.ts';
import { reusableQuery } from '../reusable-query.ts';

export interface TokenWithUser {
  token: TokenRow;
  user: UserRow;
}

const tokenWithUserByDigest = reusableQuery(
  (db: Db, digest: string) =>
    db
      .selectFrom('personal_access_tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .selectAll('t')
      .select([
        'u.username as u_username',
        'u.name as u_name',
        'u.email as u_email',
        'u.password_hash as u_password_hash',
        'u.user_type as u_user_type',
        'u.is_admin as u_is_admin',
        'u.state as u_state',
        'u.bot_project_id as u_bot_project_id',
        'u.bot_group_id as u_bot_group_id',
        'u.created_at as u_created_at',
      ])
      .where('t.digest', '=', digest),
  ['\u0000digest'],
);

/** The hot path of every authenticated request (on a cache miss): one indexed read by digest. */
export async function findTokenByDigest(db: Db, digest: string): Promise<TokenWithUser | undefined> {
  const [row] = await tokenWithUserByDigest(db, digest);
  if (!row) return undefined;
  const {
    u_username,
    u_name,
    u_email,
    u_password_hash,
    u_user_type,
    u_is_admin,
    u_state,
    u_bot_project_id,
    u_bot_group_id,
    u_created_at,
    ...token
  } = row;
  return {
    token,
    user: {
      id: token.user_id,
      username: u_username,
      name: u_name,
      email: u_email,
      password_hash: u_password_hash,
      user_type: u_user_type,
      is_admin: u_is_admin,
      state: u_state,
      bot_project_id: u_bot_project_id,
      bot_group_id: u_bot_group_id,
      created_at: u_created_at,
    },
  };
}

/** A token row by digest even when its user is gone (a revoked project token). */
export function findTokenRowByDigest(db: Db, digest: string): Promise<TokenRow | undefined> {
  return db.selectFrom('personal_access_tokens').selectAll().where('digest', '=', digest).executeTakeFirst();
}

const tokenById = reusableQuery((db: Db, id: number) => db.selectFrom('personal_access_tokens').selectAll().where('id', '=', id), [-1]);

export async function findTokenById(db: Db, id: number): Promise<TokenRow | undefined> {
  return (await tokenById(db, id))[0];
}

/** A new token: not revoked, never used. */
export function insertToken(
  db: Db,
  row: Omit<NewTokenRow, 'revoked' | 'last_used_at' | 'last_used_ips' | 'last_used_ips_at'>,
): Promise<TokenRow> {
  return db
    .insertInto('personal_access_tokens')
    .values({ ...row, revoked: 0, last_used_at: null, last_used_ips: '[]', last_used_ips_at: null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * The active-token rule of `domain/active-token.ts` (tokenStanding/isActiveToken) as SQL: at the
 * instant `at` the token is not revoked, not past the end of a rotation's grace period
 * (`active_until`, exclusive) and has no expiry date or a later one than `at`'s day. `at` is now for
 * "active", the start of a past cutoff day for "still alive after it".
 */
export function activeTokenAt(at: Date): RawBuilder<boolean> {
  const expiresAt = sql.ref('personal_access_tokens.expires_at');
  const activeUntil = sql.ref('personal_access_tokens.active_until');
  return sql<boolean>`(${sql.ref('personal_access_tokens.revoked')} = 0 and (${activeUntil} is null or ${activeUntil} > ${at.toISOString()}) and (${expiresAt} is null or ${expiresAt} > ${utcDate(at)}))`;
}

/** The first instant of a cutoff day: a token alive then is alive after the cutoff. */
function startOf(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

/** Revokes a token unless it already was; true when this call revoked it (exactly one caller wins). */
export async function revokeTokenRow(db: Db, id: number): Promise<boolean> {
  const result = await db
    .updateTable('personal_access_tokens')
    .set({ revoked: 1 })
    .where('id', '=', id)
    .where('revoked', '=', 0)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Supersedes a token by a rotation with a grace period: it stays unrevoked and works until
 * `activeUntil`. Only a token neither revoked nor already superseded qualifies; true when this call
 * superseded it (exactly one of concurrent rotations wins).
 */
export async function supersedeTokenRow(db: Db, id: number, supersededAt: string, activeUntil: string): Promise<boolean> {
  const result = await db
    .updateTable('personal_access_tokens')
    .set({ superseded_at: supersededAt, active_until: activeUntil })
    .where('id', '=', id)
    .where('revoked', '=', 0)
    .where('superseded_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ends the grace period of token `id` at `at` if it was still running then. */
export async function endGracePeriod(db: Db, id: number, at: string): Promise<void> {
  await db
    .updateTable('personal_access_tokens')
    .set({ active_until: at })
    .where('id', '=', id)
    .where('revoked', '=', 0)
    .where('active_until', '>', at)
    .execute();
}

export async function revokeTokensOfUser(db: Db, userId: number): Promise<void> {
  await db.updateTable('personal_access_tokens').set({ revoked: 1 }).where('user_id', '=', userId).execute();
}

export async function revokeTokenIds(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('personal_access_tokens').set({ revoked: 1 }).where('id', 'in', ids).execute();
}

/** Those of `ids` whose tokens are not revoked (`ids` must not be empty). */
export async function unrevokedTokenIds(db: Db, ids: number[]): Promise<number[]> {
  const rows = await db.selectFrom('personal_access_tokens').select('id').where('id', 'in', ids).where('revoked', '=', 0).execute();
  return rows.map((row) => row.id);
}

export async function revokeTokensOfProject(db: Db, projectId: number): Promise<void> {
  await db.updateTable('personal_access_tokens').set({ revoked: 1 }).where('project_id', '=', projectId).execute();
}

export function listTokensOfUserIds(db: Db, userIds: number[]): Promise<TokenRow[]> {
  if (userIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('personal_access_tokens').selectAll().where('user_id', 'in', userIds).execute();
}

/** Every token linked to `id` through previous_personal_access_token_id, both ways. */
export async function findRotationChain(db: Db, id: number): Promise<number[]> {
  const seen = new Set<number>([id]);
  let frontier = [id];
  while (frontier.length > 0) {
    const rows = await db
      .selectFrom('personal_access_tokens')
      .select(['id', 'previous_personal_access_token_id as prev'])
      .where((eb) => eb.or([eb('id', 'in', frontier), eb('previous_personal_access_token_id', 'in', frontier)]))
      .execute();
    frontier = [];
    for (const row of rows) {
      for (const candidate of [row.id, row.prev]) {
        if (candidate !== null && !seen.has(candidate)) {
          seen.add(candidate);
          frontier.push(candidate);
        }
      }
    }
  }
  return [...seen];
}

/** A token's usage columns: no read cache epoch watches them. */
export type TokenUse = { last_used_at?: string; last_used_ips?: string; last_used_ips_at?: string };

export async function recordTokenUse(db: Db, id: number, changes: TokenUse): Promise<void> {
  await db.updateTable('personal_access_tokens').set(changes).where('id', '=', id).execute();
}

export interface TokenFilter {
  userId?: number;
  projectId?: number;
  groupId?: number;
  state?: 'active' | 'inactive';
  revoked?: boolean;
  search?: string;
  createdBefore?: string;
  createdAfter?: string;
  lastUsedBefore?: string;
  lastUsedAfter?: string;
  expiresBefore?: string;
  expiresAfter?: string;
  /** Now, for the active/inactive split. */
  now: Date;
}

export type TokenSort =
  | 'created_asc'
  | 'created_desc'
  | 'expires_asc'
  | 'expires_desc'
  | 'last_used_asc'
  | 'last_used_desc'
  | 'name_asc'
  | 'name_desc';

const SORTS: Record<TokenSort, [column: 'created_at' | 'expires_at' | 'last_used_at' | 'name', direction: 'asc' | 'desc']> = {
  created_asc: ['created_at', 'asc'],
  created_desc: ['created_at', 'desc'],
  expires_asc: ['expires_at', 'asc'],
  expires_desc: ['expires_at', 'desc'],
  last_used_asc: ['last_used_at', 'asc'],
  last_used_desc: ['last_used_at', 'desc'],
  name_asc: ['name', 'asc'],
  name_desc: ['name', 'desc'],
};

export const TOKEN_SORTS = Object.keys(SORTS) as TokenSort[];

export async function listTokens(db: Db, filter: TokenFilter, sort: TokenSort | undefined, page: Page): Promise<Paged<TokenRow>> {
  let query = db.selectFrom('personal_access_tokens');
  if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId);
  if (filter.projectId !== undefined) query = query.where('project_id', '=', filter.projectId);
  if (filter.groupId !== undefined) query = query.where('group_id', '=', filter.groupId);
  if (filter.state === 'active') query = query.where(activeTokenAt(filter.now));
  if (filter.state === 'inactive') query = query.where(sql<boolean>`not ${activeTokenAt(filter.now)}`);
  if (filter.revoked !== undefined) query = query.where('revoked', '=', filter.revoked ? 1 : 0);
  if (filter.search !== undefined) query = query.where(containsText('name', filter.search));
  // GitLab's bounds: created and last-used inclusive, expires_before exclusive, expires_after inclusive.
  if (filter.createdBefore) query = query.where('created_at', '<=', filter.createdBefore);
  if (filter.createdAfter) query = query.where('created_at', '>=', filter.createdAfter);
  if (filter.lastUsedBefore) query = query.where('last_used_at', '<=', filter.lastUsedBefore);
  if (filter.lastUsedAfter) query = query.where('last_used_at', '>=', filter.lastUsedAfter);
  if (filter.expiresBefore) query = query.where('expires_at', '<', filter.expiresBefore);
  if (filter.expiresAfter) query = query.where('expires_at', '>=', filter.expiresAfter);
  const [column, direction] = sort ? SORTS[sort] : (['created_at', 'asc'] as const);
  // Missing dates (never used, never expires) sort as PostgreSQL does by default, on both dialects.
  return pageOf(query, page, (q) =>
    q
      .selectAll()
      .orderBy(column, (ob) => (direction === 'asc' ? ob.asc().nullsLast() : ob.desc().nullsFirst()))
      .orderBy('id', direction),
  );
}

/** The token that replaced `id` when it was rotated, if it was. */
export function findSuccessor(db: Db, id: number): Promise<TokenRow | undefined> {
  return db.selectFrom('personal_access_tokens').selectAll().where('previous_personal_access_token_id', '=', id).executeTakeFirst();
}

/** Bots none of whose tokens is alive after `cutoff` (active on that day). */
export async function findBotsWithoutTokensAliveAfter(db: Db, cutoff: string): Promise<number[]> {
  const rows = await db
    .selectFrom('users')
    .select('users.id')
    .where('users.user_type', '=', 'project_bot')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('personal_access_tokens')
            .select('personal_access_tokens.id')
            .whereRef('personal_access_tokens.user_id', '=', 'users.id')
            .where(activeTokenAt(startOf(cutoff))),
        ),
      ),
    )
    .orderBy('users.id')
    .execute();
  return rows.map((row) => row.id);
}

export async function hasTokenAliveAfter(db: Db, userId: number, cutoff: string): Promise<boolean> {
  const row = await db
    .selectFrom('personal_access_tokens')
    .select('id')
    .where('user_id', '=', userId)
    .where(activeTokenAt(startOf(cutoff)))
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Takes the row locks of a user's tokens inside the caller's transaction (a no-op write), so that
 * two nodes removing the same bot, or a removal racing a rotation, run one after the other and the
 * later one re-reads what the earlier one committed.
 */
export async function lockTokensOfUser(db: Db, userId: number): Promise<void> {
  await db
    .updateTable('personal_access_tokens')
    .set((eb) => ({ revoked: eb.ref('revoked') }))
    .where('user_id', '=', userId)
    .execute();
}

/** An active token found by its digest, with whom it names: its project (project tokens) or its user. */
export interface ActiveTokenHolder {
  digest: string;
  name: string;
  revoked: number;
  expires_at: string | null;
  active_until: string | null;
  username: string;
  namespace_path: string | null;
  project_path: string | null;
}

/** The tokens among `digests` that are active at `at` (activeTokenAt), in one query (push protection). */
export function findActiveTokensByDigests(db: Db, digests: readonly string[], at: Date): Promise<ActiveTokenHolder[]> {
  if (digests.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('personal_access_tokens')
    .innerJoin('users', 'users.id', 'personal_access_tokens.user_id')
    .leftJoin('projects', 'projects.id', 'personal_access_tokens.project_id')
    .leftJoin('namespaces', 'namespaces.id', 'projects.namespace_id')
    .select([
      'personal_access_tokens.digest',
      'personal_access_tokens.name',
      'personal_access_tokens.revoked',
      'personal_access_tokens.expires_at',
      'personal_access_tokens.active_until',
      'users.username',
      'namespaces.path as namespace_path',
      'projects.path as project_path',
    ])
    .where('personal_access_tokens.digest', 'in', [...digests])
    .where(activeTokenAt(at))
    .orderBy('personal_access_tokens.id')
    .execute();
}

/** Sets a token's limits (allowed_ips, allowed_refs); the credentials epoch moves with them. */
export async function updateTokenLimits(db: Db, id: number, limits: Partial<Pick<TokenRow, 'allowed_ips' | 'allowed_refs'>>): Promise<TokenRow> {
  return db.updateTable('personal_access_tokens').set(limits).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}
