import type { Insertable } from 'kysely';
import { activityMovesFrom } from '../../domain/project-activity.ts';
import type { Db } from '../database.ts';
import { pageOf, type Page, type Paged } from '../pagination.ts';
import type { EventRow, EventsTable } from '../schema.ts';

/** Records an event, and moves its project's last activity to it when that is an hour old (domain/project-activity.ts). */
export async function insertEvent(db: Db, row: Insertable<EventsTable>): Promise<void> {
  await db.insertInto('events').values(row).execute();
  await db
    .updateTable('projects')
    .set({ last_activity_at: row.created_at })
    .where('id', '=', row.project_id)
    .where('last_activity_at', '<=', activityMovesFrom(row.created_at))
    .execute();
}

export interface EventFilter {
  actionNames?: string[];
  /** Left out: a viewer's hidden kinds of events (pushes, for whoever may not read the code). */
  excludedActionNames?: string[];
  /** Matched case-insensitively: GitLab clients send `issue` for the `Issue` target type. */
  targetType?: string;
  before?: string;
  after?: string;
}

export async function listProjectEvents(
  db: Db,
  projectId: number,
  filter: EventFilter,
  direction: 'asc' | 'desc',
  page: Page,
): Promise<Paged<EventRow>> {
  let query = db.selectFrom('events').where('project_id', '=', projectId);
  if (filter.actionNames) query = query.where('action_name', 'in', filter.actionNames);
  if (filter.excludedActionNames) query = query.where('action_name', 'not in', filter.excludedActionNames);
  if (filter.targetType) {
    const type = filter.targetType.toLowerCase();
    query = query.where((eb) => eb(eb.fn('lower', ['target_type']), '=', type));
  }
  if (filter.before) query = query.where('created_at', '<', filter.before);
  if (filter.after) query = query.where('created_at', '>=', filter.after);
  return pageOf(query, page, (q) => q.selectAll().orderBy('id', direction));
}
