import type { Db } from '../../db/database.ts';
import { holderEntity, tokenHolder } from './token-holder.ts';
import { insertAuditEvent } from '../../db/repositories/audit-events.ts';
import { countTokenRevocationRequest } from '../../db/repositories/token-revocation-requests.ts';
import { findTokenRowByDigest, revokeTokenRow } from '../../db/repositories/tokens.ts';
import { findUserById, toActor } from '../../db/repositories/users.ts';
import type { TokenRow, UserRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { rateLimitSubject } from '../../domain/ip-address.ts';
import { tokenDigest } from '../../domain/token-format.ts';
import { queueTokenRevokedNotice } from '../notices/queue-token-revoked-notice.ts';
import { recordAudit } from '../projects/audit.ts';
import { retireUser } from '../users/retire-user.ts';

/** Reports one address may make per window (a brake on abuse; no token can be guessed this way anyway). */
export const LEAK_REPORTS_PER_WINDOW = 10;
export const LEAK_REPORT_WINDOW_SECONDS = 60;

export type LeakReportOutcome = { accepted: true } | { accepted: false; retryAfterSeconds: number };

/**
 * POST /api/v4/tokens/revoke: whoever finds a token of this instance (in a public repository, a
 * paste, a log) revokes it, without credentials of their own, as GitHub's credential revocation
 * API lets them. `token` has a token's shape (the route refuses anything else); whatever it is —
 * a live token, an expired one, a revoked one, a forged one, another instance's — the same work
 * is done (its digest and one lookup) and the caller is told the same thing, so the answer is no
 * oracle of validity. An unrevoked token of this instance (active, expired or in a rotation's
 * grace period) is revoked in one transaction with an audit event naming the reporter's address:
 * a project access token takes its bot with it (what the bot wrote goes to the ghost user), on
 * the project's audit log; a personal access token on its user's. Reports are rate-limited per
 * address, an IPv6 client per /64 (rows, so every node counts them).
 */
export async function revokeLeakedToken(deps: Deps, input: { token: string; ip: string | null }): Promise<LeakReportOutcome> {
  const now = deps.clock.now();
  const windowStart = new Date(now.getTime() - LEAK_REPORT_WINDOW_SECONDS * 1000);
  const oldest = await countTokenRevocationRequest(deps.db, input.ip === null ? 'unknown' : rateLimitSubject(input.ip), now.toISOString(), windowStart.toISOString(), LEAK_REPORTS_PER_WINDOW);
  if (oldest !== null) {
    const freeAt = Date.parse(oldest) + LEAK_REPORT_WINDOW_SECONDS * 1000;
    return { accepted: false, retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000)) };
  }
  const found = await findTokenRowByDigest(deps.db, tokenDigest(deps.secret, input.token));
  if (found && !found.revoked) await revokeAsLeaked(deps, found, input.ip);
  return { accepted: true };
}

async function revokeAsLeaked(deps: Deps, token: TokenRow, ip: string | null): Promise<void> {
  const at = deps.clock.now().toISOString();
  const holder = tokenHolder(token);
  const message = `Revoked ${holder?.kind ?? 'personal'} access token with token_id: ${token.id}: reported as leaked from ${ip ?? 'an unknown address'}`;
  await deps.db.transaction().execute(async (trx) => {
    // A concurrent report or revoke got there first: the token is revoked either way, once.
    if (!(await revokeTokenRow(trx, token.id))) return;
    // Maintainers (the owner, for a personal token) hear of it by mail and webhook.
    await queueTokenRevokedNotice(trx, deps, token, ip);
    const owner = await findUserById(trx, token.user_id);
    if (!owner) return;
    if (holder !== null) {
      // GitLab has no event for it; ours keeps one name whichever holds the token.
      await recordAudit(trx, holderEntity(holder), {
        author: toActor(owner),
        eventName: 'token_revoked_as_leaked',
        message,
        target: { id: owner.id, type: 'User', details: owner.name },
        ip,
        at,
      });
      if (owner.user_type === 'project_bot') await retireUser(deps, trx, owner.id);
    } else {
      await recordUserAudit(trx, owner, message, ip, at);
    }
  });
}

/** One row of a user's audit log (entity User), the reported token's owner as its subject. */
async function recordUserAudit(db: Db, user: UserRow, message: string, ip: string | null, at: string): Promise<void> {
  await insertAuditEvent(db, {
    entity_type: 'User',
    entity_id: user.id,
    author_id: user.id,
    author_name: user.name,
    event_name: 'token_revoked_as_leaked',
    target_id: user.id,
    target_type: 'User',
    target_details: user.name,
    custom_message: message,
    ip_address: ip,
    created_at: at,
  });
}
