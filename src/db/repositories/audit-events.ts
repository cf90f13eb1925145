import type { Insertable } from 'kysely';
import type { Db } from '../database.ts';
import { pageOf, type Page, type Paged } from '../pagination.ts';
import type { AuditEventRow, AuditEventsTable } from '../schema.ts';

export async function insertAuditEvent(db: Db, row: Insertable<AuditEventsTable>): Promise<void> {
  await db.insertInto('audit_events').values(row).execute();
}

export async function listAuditEvents(
  db: Db,
  entity: { type: string; id: number },
  filter: { createdBefore?: string; createdAfter?: string },
  page: Page,
): Promise<Paged<AuditEventRow>> {
  let query = db.selectFrom('audit_events').where('entity_type', '=', entity.type).where('entity_id', '=', entity.id);
  if (filter.createdBefore) query = query.where('created_at', '<', filter.createdBefore);
  if (filter.createdAfter) query = query.where('created_at', '>', filter.createdAfter);
  return pageOf(query, page, (q) => q.selectAll().orderBy('id', 'desc'));
}
