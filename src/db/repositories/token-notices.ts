import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../database.ts';
import type { TokenActivityRow, TokenNoticesTable, TokenRow, UserRow } from '../schema.ts';
import { groupOwnerIds, projectGroupMemberIds } from './group-members.ts';
import { activeAfter } from './members.ts';

export type NoticeThreshold = TokenNoticesTable['threshold'];

/**
 * Records that a token's notice for `threshold` is sent; true when this call recorded it. The
 * primary key (token, threshold) lets exactly one caller win, whichever node or run gets there.
 */
export async function claimTokenNotice(db: Db, tokenId: number, threshold: NoticeThreshold, now: string): Promise<boolean> {
  const result = await db
    .insertInto('token_notices')
    .values({ token_id: tokenId, threshold, created_at: now })
    .onConflict((oc) => oc.columns(['token_id', 'threshold']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** A token not revoked, not replaced by a rotation, whose expiry date is from `first` to `last` (inclusive). */
function liveTokenExpiringBetween(first: string, last: string): RawBuilder<boolean> {
  const column = (name: string) => sql.ref(`personal_access_tokens.${name}`);
  return sql<boolean>`(${column('revoked')} = 0 and ${column('superseded_at')} is null and ${column('expires_at')} >= ${first} and ${column('expires_at')} <= ${last})`;
}

/**
 * The tokens that may be due a notice: not revoked, not replaced by a rotation, expiring from
 * `first` to `last` (dates, inclusive), with their user. Oldest expiry first.
 */
export async function listTokensExpiringBetween(db: Db, first: string, last: string): Promise<Array<{ token: TokenRow; user: UserRow }>> {
  const rows = await db
    .selectFrom('personal_access_tokens')
    .innerJoin('users as u', 'u.id', 'personal_access_tokens.user_id')
    .selectAll('personal_access_tokens')
    .select(['u.user_type as u_user_type', 'u.state as u_state', 'u.username as u_username', 'u.name as u_name', 'u.email as u_email'])
    .where(liveTokenExpiringBetween(first, last))
    .orderBy('personal_access_tokens.expires_at')
    .orderBy('personal_access_tokens.id')
    .execute();
  return rows.map(({ u_user_type, u_state, u_username, u_name, u_email, ...token }) => ({
    token,
    user: { id: token.user_id, user_type: u_user_type, state: u_state, username: u_username, name: u_name, email: u_email } as UserRow,
  }));
}

/** A project's tokens (not revoked, not replaced) whose expiry date is from `first` to `last`, soonest first. */
export function listProjectTokensExpiringBetween(db: Db, projectId: number, first: string, last: string): Promise<TokenRow[]> {
  return db
    .selectFrom('personal_access_tokens')
    .selectAll()
    .where('project_id', '=', projectId)
    .where(liveTokenExpiringBetween(first, last))
    .orderBy('expires_at')
    .orderBy('id')
    .execute();
}

export interface MailRecipient {
  id: number;
  name: string;
  email: string;
}

/**
 * Who is told about a project's tokens: its active human Maintainers and Owners, direct members or
 * members of its group or an ancestor group, whose membership still counts after `lastExpired`.
 * Bots, the ghost and blocked users never are.
 */
export function listProjectMaintainerRecipients(db: Db, projectId: number, lastExpired: string): Promise<MailRecipient[]> {
  const direct = db
    .selectFrom('members')
    .select('members.user_id')
    .where('members.project_id', '=', projectId)
    .where('members.access_level', '>=', 40)
    .where(activeAfter(lastExpired));
  return db
    .selectFrom('users')
    .select(['users.id', 'users.name', 'users.email'])
    .where((eb) => eb.or([eb('users.id', 'in', direct), sql<boolean>`${sql.ref('users.id')} in (${projectGroupMemberIds(projectId, 40, lastExpired)})` as never]))
    .where('users.user_type', '=', 'human')
    .where('users.state', '=', 'active')
    .orderBy('users.id')
    .execute();
}

/** gtokens: the active humans who are Owners of the group, directly or through an ancestor group. */
export function listGroupOwnerRecipients(db: Db, groupId: number, lastExpired: string): Promise<MailRecipient[]> {
  return db
    .selectFrom('users')
    .select(['users.id', 'users.name', 'users.email'])
    .where(sql<boolean>`${sql.ref('users.id')} in (${groupOwnerIds(groupId, lastExpired)})`)
    .where('users.user_type', '=', 'human')
    .where('users.state', '=', 'active')
    .orderBy('users.id')
    .execute();
}

/** A token's most recent recorded uses, newest first. */
export function listRecentTokenActivity(db: Db, tokenId: number, limit: number): Promise<TokenActivityRow[]> {
  return db.selectFrom('token_activity').selectAll().where('token_id', '=', tokenId).orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}
