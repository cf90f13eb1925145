import type { Principal } from '../../domain/principal.ts';
import type { Page, Paged } from '../../db/pagination.ts';
import { listProjectEvents as queryEvents } from '../../db/repositories/events.ts';
import { findUsersByIds } from '../../db/repositories/users.ts';
import type { EventRow, UserRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { canDownloadCode } from '../../policies/project-policies.ts';
import { findVisibleProject, type ProjectRef } from './project-context.ts';

/** GitLab's `action` filter values and the action names (as shown in `action_name`) each one covers. */
export const EVENT_ACTIONS = {
  approved: ['approved'],
  closed: ['closed'],
  commented: ['commented on'],
  created: ['opened', 'created'],
  destroyed: ['destroyed'],
  expired: ['expired'],
  joined: ['joined'],
  left: ['left'],
  merged: ['accepted'],
  pushed: ['pushed to', 'pushed new', 'deleted'],
  reopened: ['reopened'],
  updated: ['updated'],
} as const;

export type EventAction = keyof typeof EVENT_ACTIONS;

export const EVENT_TARGET_TYPES = ['issue', 'milestone', 'merge_request', 'note', 'project', 'snippet', 'user'] as const;

export interface ListProjectEventsInput {
  project: ProjectRef;
  filter: { action?: EventAction; targetType?: (typeof EVENT_TARGET_TYPES)[number]; before?: string; after?: string };
  sort: 'asc' | 'desc';
  page: Page;
}

export async function listProjectEvents(
  deps: Deps,
  actor: Principal,
  input: ListProjectEventsInput,
): Promise<{ events: Paged<EventRow>; authors: Map<number, UserRow> }> {
  const context = await findVisibleProject(deps, actor, input.project);
  const { action, ...rest } = input.filter;
  // As GitLab's Event#visible_to_user?: pushes (git and registry) only to whoever may read the code.
  const excludedActionNames = canDownloadCode(context.facts) ? undefined : [...EVENT_ACTIONS.pushed];
  const filter = { ...rest, actionNames: action && [...EVENT_ACTIONS[action]], excludedActionNames };
  const events = await queryEvents(deps.db, context.project.id, filter, input.sort, input.page);
  return { events, authors: await findUsersByIds(deps.db, events.items.map((e) => e.author_id)) };
}
