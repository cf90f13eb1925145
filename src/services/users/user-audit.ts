import type { Db } from '../../db/database.ts';
import { insertAuditEvent } from '../../db/repositories/audit-events.ts';
import type { Actor } from '../../domain/principal.ts';

export interface UserAuditEntry {
  author: Actor;
  /** The user the event is about (a personal access token's owner). */
  userId: number;
  eventName: string;
  message: string;
  target: { id: number; type: string; details: string } | null;
  ip: string | null;
  at: string;
}

/** One row of a user's audit log (GitLab's `User` entity events). Messages name tokens by id, never by secret. */
export async function recordUserAudit(db: Db, entry: UserAuditEntry): Promise<void> {
  await insertAuditEvent(db, {
    entity_type: 'User',
    entity_id: entry.userId,
    author_id: entry.author.id,
    author_name: entry.author.name,
    event_name: entry.eventName,
    target_id: entry.target?.id ?? null,
    target_type: entry.target?.type ?? null,
    target_details: entry.target?.details ?? null,
    custom_message: entry.message,
    ip_address: entry.ip,
    created_at: entry.at,
  });
}
