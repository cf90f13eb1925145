import type { Db } from '../database.ts';

export function findAuthFailures(db: Db, ip: string) {
  return db.selectFrom('auth_failures').selectAll().where('ip', '=', ip).executeTakeFirst();
}

export async function clearAuthFailures(db: Db, ip: string): Promise<void> {
  await db.deleteFrom('auth_failures').where('ip', '=', ip).execute();
}

/**
 * Counts one failure for an IP inside a window that restarts once it has passed, and sets the
 * ban when the count reaches the limit. Atomic per row on both dialects.
 */
export async function countAuthFailure(
  db: Db,
  ip: string,
  now: string,
  windowStartedAfter: string,
  limit: number,
  bannedUntil: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('auth_failures')
      .values({ ip, failures: 0, window_started_at: now, banned_until: null })
      .onConflict((oc) => oc.column('ip').doNothing())
      .execute();
    await trx
      .updateTable('auth_failures')
      .set((eb) => ({
        failures: eb.case().when('window_started_at', '<=', windowStartedAfter).then(1).else(eb('failures', '+', 1)).end(),
        window_started_at: eb.case().when('window_started_at', '<=', windowStartedAfter).then(now).else(eb.ref('window_started_at')).end(),
      }))
      .where('ip', '=', ip)
      .execute();
    await trx
      .updateTable('auth_failures')
      .set({ banned_until: bannedUntil })
      .where('ip', '=', ip)
      .where('failures', '>=', limit)
      .execute();
  });
}
