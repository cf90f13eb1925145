import { PostgresAdapter, sql } from 'kysely';
import type { ActivityTransport, TokenActivityEntry } from '../../domain/token-activity.ts';
import type { Db } from '../database.ts';
import { pageOf, type Page, type Paged } from '../pagination.ts';
import type { TokenActivityRow } from '../schema.ts';

/**
 * One insert per batch (callers keep a batch under SQLite's bound-parameter limit). On PostgreSQL
 * the rows go as seven arrays through `unnest`: a 500-row batch then costs one short statement
 * instead of 3,500 parameters to parse and plan (about 5× less time in the server, 3× less in
 * Node, measured), which is most of what recording costs a busy PostgreSQL instance.
 */
export async function insertTokenActivity(db: Db, entries: readonly TokenActivityEntry[]): Promise<void> {
  if (entries.length === 0) return;
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const column = <T>(pick: (entry: TokenActivityEntry) => T): T[] => entries.map(pick);
    await sql`insert into token_activity (token_id, at, transport, action, status, ip, user_agent)
      select * from unnest(${column((e) => e.tokenId)}::integer[], ${column((e) => e.at)}::varchar[],
        ${column((e) => e.transport)}::varchar[], ${column((e) => e.action)}::varchar[], ${column((e) => e.status)}::integer[],
        ${column((e) => e.ip)}::varchar[], ${column((e) => e.userAgent)}::varchar[])`.execute(db);
    return;
  }
  await db
    .insertInto('token_activity')
    .values(
      entries.map((entry) => ({
        token_id: entry.tokenId,
        at: entry.at,
        transport: entry.transport,
        action: entry.action,
        status: entry.status,
        ip: entry.ip,
        user_agent: entry.userAgent,
      })),
    )
    .execute();
}

export interface TokenActivityFilter {
  tokenId: number;
  /** ISO 8601: uses at or after it. */
  since?: string | undefined;
  transport?: ActivityTransport | undefined;
}

/** A token's uses, newest first. */
export function listTokenActivity(db: Db, filter: TokenActivityFilter, page: Page): Promise<Paged<TokenActivityRow>> {
  let query = db.selectFrom('token_activity').where('token_id', '=', filter.tokenId);
  if (filter.since !== undefined) query = query.where('at', '>=', filter.since);
  if (filter.transport !== undefined) query = query.where('transport', '=', filter.transport);
  return pageOf(query, page, (q) => q.selectAll().orderBy('at', 'desc').orderBy('id', 'desc'));
}

/** Deletes at most `limit` rows older than `before`; returns how many went. */
export async function pruneTokenActivityBatch(db: Db, before: string, limit: number): Promise<number> {
  const result = await db
    .deleteFrom('token_activity')
    .where('id', 'in', (q) => q.selectFrom('token_activity').select('id').where('at', '<', before).limit(limit))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
