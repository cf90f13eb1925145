import type { Db } from '../../db/database.ts';
import { insertAuditEvent } from '../../db/repositories/audit-events.ts';
import type { Actor } from '../../domain/principal.ts';

export interface AuditEntry {
  author: Actor;
  projectId: number;
  eventName: string;
  message: string;
  target: { id: number; type: string; details: string } | null;
  ip: string | null;
  at: string;
}

/** One row of a project's audit log. Messages name tokens by id, never by secret. */
export async function recordProjectAudit(db: Db, entry: AuditEntry): Promise<void> {
  await recordAudit(db, { type: 'Project', id: entry.projectId }, entry);
}

/** One row of the audit log of `entity` (GitLab's `Project`, `Group` or `User`). */
export async function recordAudit(db: Db, entity: { type: 'Project' | 'Group' | 'User'; id: number }, entry: Omit<AuditEntry, 'projectId'>): Promise<void> {
  await insertAuditEvent(db, {
    entity_type: entity.type,
    entity_id: entity.id,
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
