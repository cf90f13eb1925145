import { hasValidTokenShape, tokenDigest } from '../domain/token-format.ts';
import { findRotationChain, findTokenRowByDigest, hasSuccessor, revokeTokenIds, unrevokedTokenIds } from '../db/repositories/tokens.ts';
import { findUserById, toActor } from '../db/repositories/users.ts';
import type { TokenRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { recordProjectAudit } from './audit.ts';
import { retireUser } from './retire-user.ts';

/**
 * Reuse detection, run on the rotate routes before authentication: a token that was rotated away
 * and is presented again has leaked (its holder should only have its successor), so every token of
 * its rotation chain is revoked, and a project token's bot goes with it. Returns true when it
 * revoked a chain; the request then fails authentication as any revoked token does.
 */
export async function detectTokenReuse(deps: Deps, presented: string, context: { ip: string | null }): Promise<boolean> {
  if (!hasValidTokenShape(presented)) return false;
  const token = await findTokenRowByDigest(deps.db, tokenDigest(deps.secret, presented));
  if (!token || !token.revoked || !(await hasSuccessor(deps.db, token.id))) return false;
  const revoked = await revokeRotationChain(deps, token, context.ip);
  if (revoked.length > 0) {
    deps.log.warn({ tokenId: token.id, revokedTokenIds: revoked }, 'a rotated-away token was presented again; its rotation chain is revoked');
  }
  return revoked.length > 0;
}

/** In one transaction: every token linked to `token` by rotation is revoked, and its bot retired. */
async function revokeRotationChain(deps: Deps, token: TokenRow, ip: string | null): Promise<number[]> {
  return deps.db.transaction().execute(async (trx) => {
    const chain = await findRotationChain(trx, token.id);
    const alive = await unrevokedTokenIds(trx, chain);
    // Revoking takes the rows' locks first; the bot is read afterwards, so a concurrent detection
    // of the same reuse finds it gone and records nothing twice.
    await revokeTokenIds(trx, chain);
    const bot = await findUserById(trx, token.user_id);
    if (bot?.user_type === 'project_bot' && token.project_id !== null) {
      await recordProjectAudit(trx, {
        author: toActor(bot),
        projectId: token.project_id,
        eventName: 'project_access_token_deleted',
        message: `Revoked project access token with token_id: ${Math.max(...chain)} and its rotation chain (token_id: ${chain.sort((a, b) => a - b).join(', ')}): the rotated token with token_id: ${token.id} was used again`,
        target: { id: bot.id, type: 'User', details: bot.name },
        ip,
        at: deps.clock.now().toISOString(),
      });
      await retireUser(deps, trx, bot.id);
    }
    return alive;
  });
}
