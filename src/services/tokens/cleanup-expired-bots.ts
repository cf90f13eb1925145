import { utcDate } from '../../domain/clock.ts';
import { recordHolderAudit, tokenHolder } from './token-holder.ts';
import {
  findBotsWithoutTokensAliveAfter,
  hasTokenAliveAfter,
  listTokensOfUserIds,
  lockTokensOfUser,
} from '../../db/repositories/tokens.ts';
import { findUserById, toActor } from '../../db/repositories/users.ts';
import type { Deps } from '../../deps.ts';
import { retireUser } from '../users/retire-user.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The last expiry date that counts as "expired more than `days` days ago" at `now`: a token dies at
 * 00:00 UTC on its expires_at date, so it qualifies once strictly more than `days` days have passed
 * since that midnight.
 */
export function retentionCutoff(now: Date, days: number): string {
  return utcDate(new Date(now.getTime() - days * DAY_MS - 1));
}

/**
 * Bots whose tokens all expired more than LATCHKEY_BOT_RETENTION_DAYS ago are removed like a revoke:
 * one transaction per bot, what they wrote moves to the ghost user. Safe to run on several nodes at
 * once. Returns the number of bots removed.
 */
export async function cleanupExpiredBots(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const cutoff = retentionCutoff(now, deps.config.botRetentionDays);
  const candidates = await findBotsWithoutTokensAliveAfter(deps.db, cutoff);
  let removed = 0;
  for (const botId of candidates) {
    const done = await deps.db.transaction().execute(async (trx) => {
      // Lock first, then re-read: another node may have removed the bot, or a rotation revived it.
      await lockTokensOfUser(trx, botId);
      const bot = await findUserById(trx, botId);
      if (!bot || bot.user_type !== 'project_bot') return false;
      if (await hasTokenAliveAfter(trx, botId, cutoff)) return false;
      const tokens = await listTokensOfUserIds(trx, [botId]);
      const last = tokens.sort((a, b) => b.id - a.id)[0];
      const holder = tokenHolder({ project_id: bot.bot_project_id, group_id: bot.bot_group_id });
      if (holder !== null) {
        await recordHolderAudit(trx, holder, 'access_token_deleted', {
          author: toActor(bot),
          message: last
            ? `Removed the bot user of expired ${holder.kind} access token with token_id: ${last.id} (${last.revoked ? 'revoked' : `expired on ${last.expires_at}`}, retention ${deps.config.botRetentionDays} days)`
            : `Removed the bot user ${bot.username}, which held no token`,
          target: { id: bot.id, type: 'User', details: bot.name },
          ip: null,
          at: now.toISOString(),
        });
      }
      await retireUser(deps, trx, bot.id);
      return true;
    });
    if (done) removed += 1;
  }
  if (removed > 0) deps.log.info({ removed, retentionDays: deps.config.botRetentionDays }, 'removed bots of expired project access tokens (and group access tokens)');
  return removed;
}
