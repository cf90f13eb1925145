import type { ActivityTransport, TokenActivityEntry } from '../../domain/token-activity.ts';
import type { Db } from '../database.ts';
import { pageOf, type Page, type Paged } from '../pagination.ts';
import type { TokenActivityRow } from '../schema.ts';

/** One multi-row insert (callers keep a batch under both dialects' bound-parameter limits). */
export async function insertTokenActivity(db: Db, entries: readonly TokenActivityEntry[]): Promise<void> {
  if (entries.length === 0) return;
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
