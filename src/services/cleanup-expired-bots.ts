import { addDays, utcDate } from '../domain/clock.ts';
import { findUserById } from '../db/repositories/users.ts';
import type { Deps } from '../deps.ts';
import { toActor } from '../auth/actor.ts';
import { recordProjectAudit } from './audit.ts';
import { retireUser } from './retire-user.ts';

/**
 * Bots whose tokens all expired more than the retention period ago are removed like a revoke:
 * one transaction per bot, records to the ghost user. Returns the number of bots removed.
 */
export async function cleanupExpiredBots(deps: Deps): Promise<number> {
  const cutoff = addDays(utcDate(deps.clock.now()), -deps.config.botRetentionDays);
  const candidates = await deps.db
    .selectFrom('users')
    .innerJoin('personal_access_tokens as t', 't.user_id', 'users.id')
    .select(['users.id as id', 'users.bot_project_id as projectId'])
    .where('users.user_type', '=', 'project_bot')
    .groupBy(['users.id', 'users.bot_project_id'])
    .having((eb) =>
      eb.and([
        // No token that is unrevoked and either unexpiring or expiring after the cutoff.
        eb(eb.fn.sum(eb.case().when(eb.and([eb('t.revoked', '=', 0), eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', cutoff)])])).then(1).else(0).end()), '=', 0),
      ]),
    )
    .execute();
  let removed = 0;
  for (const candidate of candidates) {
    await deps.db.transaction().execute(async (trx) => {
      const bot = await findUserById(trx, candidate.id);
      if (!bot || bot.user_type !== 'project_bot') return;
      if (candidate.projectId !== null) {
        await recordProjectAudit(trx, {
          author: toActor(bot),
          projectId: candidate.projectId,
          eventName: 'project_access_token_deleted',
          message: `Removed bot ${bot.username}: its tokens expired more than ${deps.config.botRetentionDays} days ago`,
          target: { id: bot.id, type: 'User', details: bot.name },
          ip: null,
          at: deps.clock.now().toISOString(),
        });
      }
      await retireUser(deps, trx, bot.id);
      removed += 1;
    });
  }
  return removed;
}
