import type { Db } from '../../db/database.ts';
import type { TokenRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { queueTokenNotice, type QueuedNotice } from './queue-token-notice.ts';

/**
 * For the revocation of a token reported as leaked: mails the token's people (as the expiry
 * notices do) "reported as leaked and revoked", listing its last uses, and queues the
 * `access_token` webhook event with Latchkey's own `event_name: "revoked_access_token"` (project
 * and group tokens). Call it in the transaction that revokes the token.
 */
export function queueTokenRevokedNotice(trx: Db, deps: Deps, token: TokenRow, reporterIp: string | null): Promise<QueuedNotice> {
  return queueTokenNotice(trx, deps, token, { kind: 'revoked', reporterIp });
}
