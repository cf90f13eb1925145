import type { AuthContext } from '../domain/auth-transport.ts';
import type { KnownToken } from '../db/cached-reads.ts';
import { insertAuditEventUnlessRecent } from '../db/repositories/throttled-audit-events.ts';
import type { Deps } from '../deps.ts';

/** At most one address-denied event per token and address in this window. */
export const ADDRESS_DENIAL_AUDIT_WINDOW_MS = 60_000;

/**
 * A token was presented from an address outside its allowlist: an audit event on its project
 * (`project_access_token_address_denied`) or its owner (`personal_access_token_address_denied`),
 * naming the token and the address, throttled per token and address. A failure to record is
 * logged and never changes the answer (the request is refused either way).
 */
export async function recordAddressDenial(deps: Deps, found: KnownToken, context: AuthContext, now: Date): Promise<void> {
  const { token, user } = found;
  const address = context.ip ?? 'an unknown address';
  // A project's or a group's token is audited where it is held (group tokens: on the group).
  const holder = token.project_id !== null ? { kind: 'project', type: 'Project', id: token.project_id } : token.group_id !== null ? { kind: 'group', type: 'Group', id: token.group_id } : null;
  try {
    await insertAuditEventUnlessRecent(
      deps.db,
      {
        entity_type: holder?.type ?? 'User',
        entity_id: holder?.id ?? user.id,
        author_id: user.id,
        author_name: user.name,
        event_name: `${holder?.kind ?? 'personal'}_access_token_address_denied`,
        target_id: token.id,
        target_type: 'PersonalAccessToken',
        target_details: token.name,
        custom_message: `Refused ${holder?.kind ?? 'personal'} access token with token_id: ${token.id} from ${address} (${context.transport}): not in its allowed IP addresses`,
        ip_address: context.ip,
        created_at: now.toISOString(),
      },
      new Date(now.getTime() - ADDRESS_DENIAL_AUDIT_WINDOW_MS).toISOString(),
    );
  } catch (error) {
    deps.log.error({ err: error, tokenId: token.id }, 'could not record a refused token address');
  }
}
