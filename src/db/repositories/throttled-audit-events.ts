import type { Insertable } from 'kysely';
import type { Db } from '../database.ts';
import type { AuditEventsTable } from '../schema.ts';

type AuditEvent = Insertable<AuditEventsTable> & { target_id: number | null; ip_address: string | null };

/**
 * Inserts `event` unless the same entity already has an event of the same name, target and address
 * created after `since`: a flood of identical refusals costs the audit log one row per window
 * (two requests racing on two nodes may both write; the window still bounds the rows). Says
 * whether it wrote.
 */
export async function insertAuditEventUnlessRecent(db: Db, event: AuditEvent, since: string): Promise<boolean> {
  const recent = await db
    .selectFrom('audit_events')
    .select('id')
    .where('entity_type', '=', event.entity_type)
    .where('entity_id', '=', event.entity_id)
    .where('event_name', '=', event.event_name)
    .where('target_id', event.target_id === null ? 'is' : '=', event.target_id)
    .where('ip_address', event.ip_address === null ? 'is' : '=', event.ip_address)
    .where('created_at', '>', since)
    .limit(1)
    .executeTakeFirst();
  if (recent) return false;
  await db.insertInto('audit_events').values(event).execute();
  return true;
}
