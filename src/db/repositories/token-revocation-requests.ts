import type { Db } from '../database.ts';

/**
 * Counts a report of a leaked token from `ip` at `now` unless the address already made `limit`
 * reports after `windowStart`; reports older than the window are dropped, for every address.
 * Returns null when counted, else the time of the oldest report still inside the window (the
 * address may report again once it leaves the window). Reports racing each other from one
 * address may each see room for one more: the limit is a brake, not a ledger.
 */
export async function countTokenRevocationRequest(db: Db, ip: string, now: string, windowStart: string, limit: number): Promise<string | null> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('token_revocation_requests').where('requested_at', '<=', windowStart).execute();
    const recent = await trx
      .selectFrom('token_revocation_requests')
      .select('requested_at')
      .where('ip', '=', ip)
      .where('requested_at', '>', windowStart)
      .orderBy('requested_at')
      .execute();
    if (recent.length >= limit) return recent[0]!.requested_at;
    await trx.insertInto('token_revocation_requests').values({ ip, requested_at: now }).execute();
    return null;
  });
}
