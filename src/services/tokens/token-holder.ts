import type { Db } from '../../db/database.ts';
import { updateGroupMemberRow } from '../../db/repositories/group-members.ts';
import { updateMemberRow } from '../../db/repositories/members.ts';
import type { TokenRow } from '../../db/schema.ts';
import { recordAudit, type AuditEntry } from '../projects/audit.ts';

/**
 * What holds a bot's token: a project (project access token) or a group (group access token).
 * Everything a rule does to "the token's project" goes through this, so group tokens get it too.
 */
export interface TokenHolder {
  kind: 'project' | 'group';
  id: number;
}

/** The project or group whose bot holds the token; null for a personal access token. */
export function tokenHolder(token: Pick<TokenRow, 'project_id' | 'group_id'>): TokenHolder | null {
  if (token.project_id !== null) return { kind: 'project', id: token.project_id };
  if (token.group_id !== null) return { kind: 'group', id: token.group_id };
  return null;
}

/** GitLab's word for the token in audit event names and messages: `project` or `group`. */
export const holderWord = (holder: TokenHolder): string => holder.kind;

/** A row of the holder's audit log; `event` is the name's tail, after `project_`/`group_`. */
export async function recordHolderAudit(db: Db, holder: TokenHolder, event: string, entry: Omit<AuditEntry, 'projectId' | 'eventName'>): Promise<void> {
  await recordAudit(db, holderEntity(holder), { ...entry, eventName: `${holder.kind}_${event}` });
}

/** The audit log entity of a holder: GitLab's `Project` or `Group`. */
export function holderEntity(holder: TokenHolder): { type: 'Project' | 'Group'; id: number } {
  return { type: holder.kind === 'project' ? 'Project' : 'Group', id: holder.id };
}

/** The bot's membership lives exactly as long as its token. */
export async function setBotMembershipExpiry(db: Db, holder: TokenHolder, botId: number, expiresAt: string | null): Promise<void> {
  if (holder.kind === 'project') await updateMemberRow(db, holder.id, botId, { expires_at: expiresAt });
  else await updateGroupMemberRow(db, holder.id, botId, { expires_at: expiresAt });
}
