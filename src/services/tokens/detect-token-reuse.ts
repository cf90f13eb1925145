import { isRotationReuse } from '../../domain/active-token.ts';
import type { AuthContext } from '../../domain/auth-transport.ts';
import { findRotationChain, findSuccessor, findTokenById, revokeTokenIds, unrevokedTokenIds } from '../../db/repositories/tokens.ts';
import { findUserById, toActor } from '../../db/repositories/users.ts';
import type { TokenRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { recordAudit } from '../projects/audit.ts';
import { retireUser } from '../users/retire-user.ts';
import { recordHolderAudit, tokenHolder } from './token-holder.ts';

/**
 * Reuse detection, part of authenticating any token on any transport: auth/ fails every revoked
 * token it is shown with `token_revoked` naming it, and the adapter (HTTP's request-principal.ts,
 * SSH's authentication.ts) calls this. A token that was rotated away and is presented again has
 * leaked (unless it is still inside the grace period its rotation gave it: `isRotationReuse`), so
 * every token of its rotation chain is revoked and a project token's bot is retired, in
 * one transaction, with a `project_access_token_reuse_detected` audit event (for a human's token,
 * `personal_access_token_reuse_detected` on the user) naming the transport
 * and the client's address. The request itself then fails as any revoked token does.
 */
export async function detectTokenReuse(deps: Deps, tokenId: number, context: AuthContext): Promise<void> {
  const token = await findTokenById(deps.db, tokenId);
  if (!token || !isRotationReuse(token, deps.clock.now())) return;
  const successor = await findSuccessor(deps.db, token.id);
  if (!successor) return;
  const revoked = await revokeRotationChain(deps, token, context);
  if (revoked.length > 0) {
    deps.log.warn(
      { tokenId: token.id, revokedTokenIds: revoked, transport: context.transport, ip: context.ip },
      'a rotated-away token was presented again; its rotation chain is revoked',
    );
  }
}

/**
 * In one transaction: every live token linked to `token` by rotation is revoked, and its bot
 * retired. A chain already dead writes nothing, so replaying a leaked token costs no write (and no
 * cache invalidation on any node).
 */
async function revokeRotationChain(deps: Deps, token: TokenRow, context: AuthContext): Promise<number[]> {
  return deps.db.transaction().execute(async (trx) => {
    const chain = (await findRotationChain(trx, token.id)).sort((a, b) => a - b);
    const alive = await unrevokedTokenIds(trx, chain);
    // Revoking takes the live rows' locks first; the bot is read afterwards, so a concurrent
    // detection of the same reuse waits, then finds the owner gone and records nothing twice.
    await revokeTokenIds(trx, alive);
    const owner = await findUserById(trx, token.user_id);
    const holder = owner?.user_type === 'project_bot' ? tokenHolder(token) : null;
    // A human's chain already dead records nothing (a bot's is found gone above, when retired).
    if (!owner || (holder === null && alive.length === 0)) return alive;
    const noun = holder?.kind ?? 'personal';
    const entry = {
      author: toActor(owner),
      message:
        `Revoked ${noun} access token with token_id: ${chain[chain.length - 1]} and its rotation chain (token_id: ${chain.join(', ')}): ` +
        `the rotated token with token_id: ${token.id} was used again over ${context.transport} from ${context.ip ?? 'an unknown address'}`,
      ip: context.ip,
      at: deps.clock.now().toISOString(),
    };
    if (holder !== null) {
      await recordHolderAudit(trx, holder, 'access_token_reuse_detected', { ...entry, target: { id: owner.id, type: 'User', details: owner.name } });
      await retireUser(deps, trx, owner.id);
    } else {
      const target = { id: token.id, type: 'PersonalAccessToken', details: token.name };
      await recordAudit(trx, { type: 'User', id: owner.id }, { ...entry, eventName: 'personal_access_token_reuse_detected', target });
    }
    return alive;
  });
}
