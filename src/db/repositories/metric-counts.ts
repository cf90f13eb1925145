import { sql } from 'kysely';
import { utcDate } from '../../domain/clock.ts';
import type { Db } from '../database.ts';

export type TokenKind = 'personal' | 'project';
/** tokenStanding (domain/active-token.ts) as SQL: revoked, past a rotation's grace period, expired, or active. */
export type TokenCountState = 'active' | 'expired' | 'revoked' | 'superseded';

export interface TokenCount {
  kind: TokenKind;
  state: TokenCountState;
  count: number;
}

/**
 * Every token counted by kind and standing at `now`, in one grouped query (the metrics scrape).
 * The same rule as tokenStanding and activeTokenAt: a token dies at 00:00 UTC on its expiry date.
 */
export async function countTokensByState(db: Db, now: Date): Promise<TokenCount[]> {
  // Grouped outside: PostgreSQL would not see two bound copies of the CASE as one expression.
  const { rows } = await sql<{ kind: TokenKind; state: TokenCountState; n: number | string }>`
    select kind, state, count(*) as n from (
      select
        case when project_id is null then 'personal' else 'project' end as kind,
        case
          when revoked <> 0 then 'revoked'
          when active_until is not null and active_until <= ${now.toISOString()} then 'superseded'
          when expires_at is not null and expires_at <= ${utcDate(now)} then 'expired'
          else 'active'
        end as state
      from personal_access_tokens
    ) as standings
    group by kind, state`.execute(db);
  return rows.map((row) => ({ kind: row.kind, state: row.state, count: Number(row.n) }));
}

/** Outbox messages still to send, by kind (the queue depth). */
export async function countOutboxByKind(db: Db): Promise<{ kind: string; count: number }[]> {
  const rows = await db
    .selectFrom('outbox')
    .select(['kind', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy('kind')
    .execute();
  return rows.map((row) => ({ kind: row.kind, count: Number(row.n) }));
}
