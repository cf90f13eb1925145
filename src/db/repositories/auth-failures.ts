import type { Db } from '../database.ts';

/** An address's row: its failure count inside the window (as of its last change) and its ban. */
export function findAuthFailures(db: Db, ip: string) {
  return db.selectFrom('auth_failures').selectAll().where('ip', '=', ip).executeTakeFirst();
}

/**
 * Takes the address's row lock inside the caller's transaction (creating the row if need be), so
 * that concurrent failures and successes of one address, on any node, count one after the other.
 */
async function lockAddress(trx: Db, ip: string, now: string): Promise<void> {
  await trx
    .insertInto('auth_failures')
    .values({ ip, failures: 0, window_started_at: now, banned_until: null })
    .onConflict((oc) => oc.column('ip').doNothing())
    .execute();
  await trx
    .updateTable('auth_failures')
    .set((eb) => ({ failures: eb.ref('failures') }))
    .where('ip', '=', ip)
    .execute();
}

/** The address's failures after `windowStart`, and the earliest of them. */
async function failuresInWindow(trx: Db, ip: string, windowStart: string): Promise<{ count: number; since: string | null }> {
  const row = await trx
    .selectFrom('auth_failure_events')
    .select((eb) => [eb.fn.countAll<number | string>().as('count'), eb.fn.min('failed_at').as('since')])
    .where('ip', '=', ip)
    .where('failed_at', '>', windowStart)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), since: row.since ?? null };
}

/**
 * Records one failed login (`login` is '' when none was tried, e.g. a token) and recounts the
 * address's failures inside the window; at `limit` the address is banned until `bannedUntil`.
 * Failures older than the window are dropped, for every address. Atomic per address on both dialects.
 */
export async function countAuthFailure(
  db: Db,
  attempt: { ip: string; login: string },
  now: string,
  windowStart: string,
  limit: number,
  bannedUntil: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockAddress(trx, attempt.ip, now);
    await trx.insertInto('auth_failure_events').values({ ip: attempt.ip, login: attempt.login, failed_at: now }).execute();
    await trx.deleteFrom('auth_failure_events').where('failed_at', '<=', windowStart).execute();
    const { count, since } = await failuresInWindow(trx, attempt.ip, windowStart);
    await trx
      .updateTable('auth_failures')
      .set((eb) => ({
        failures: count,
        window_started_at: since ?? now,
        banned_until: count >= limit ? bannedUntil : eb.ref('banned_until'),
      }))
      .where('ip', '=', attempt.ip)
      .execute();
  });
}

/**
 * A successful login of `login` from `ip`: the failures against that login are forgotten, those
 * against any other login stay. An address left with no failures and no ban loses its row.
 */
export async function clearAuthFailuresOfLogin(db: Db, attempt: { ip: string; login: string }, now: string, windowStart: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockAddress(trx, attempt.ip, now);
    await trx.deleteFrom('auth_failure_events').where('ip', '=', attempt.ip).where('login', '=', attempt.login).execute();
    const { count, since } = await failuresInWindow(trx, attempt.ip, windowStart);
    if (count === 0) {
      await trx
        .deleteFrom('auth_failures')
        .where('ip', '=', attempt.ip)
        .where((eb) => eb.or([eb('banned_until', 'is', null), eb('banned_until', '<=', now)]))
        .execute();
    }
    await trx
      .updateTable('auth_failures')
      .set({ failures: count, window_started_at: since ?? now })
      .where('ip', '=', attempt.ip)
      .execute();
  });
}
