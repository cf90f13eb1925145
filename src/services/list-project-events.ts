import type { Principal } from '../domain/principal.ts';
import type { Page, Paged } from '../db/pagination.ts';
import { listProjectEvents as queryEvents, type EventFilter } from '../db/repositories/events.ts';
import type { EventRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { findVisibleProject, type ProjectRef } from './project-context.ts';

export async function listProjectEvents(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; filter: EventFilter; sort: 'asc' | 'desc'; page: Page },
): Promise<Paged<EventRow>> {
  const context = await findVisibleProject(deps, actor, input.project);
  return queryEvents(deps.db, context.project.id, input.filter, input.sort, input.page);
}
