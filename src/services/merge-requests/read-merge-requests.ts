import type { Principal } from '../../domain/principal.ts';
import type { Page, Paged } from '../../db/pagination.ts';
import { listMergeRequests, type MergeRequestFilter, type MergeRequestOrder } from '../../db/repositories/merge-request-list.ts';
import { findUserByUsername } from '../../db/repositories/users.ts';
import type { MergeRequestRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { canReadMergeRequests } from '../../policies/merge-request-policies.ts';
import { projectFacts, type ProjectRef } from '../projects/project-context.ts';
import { listProjects } from '../projects/list-projects.ts';
import { findMergeRequestInProject, findMergeRequestProject } from './merge-request-context.ts';
import { loadMergeRequestView, type MergeRequestView } from './merge-request-view.ts';
import { loadMergeRequestShown, type MergeRequestShown, type ShowOptions } from './show-merge-request.ts';

/** A list's filter as the caller gives it: people may be named by username, and `scope` narrows to the caller's. */
export interface MergeRequestQuery extends Omit<MergeRequestFilter, 'projectIds'> {
  authorUsername?: string;
  reviewerUsername?: string;
  scope?: 'created_by_me' | 'assigned_to_me' | 'reviews_for_me' | 'all';
}

/** The most projects GET /merge_requests looks through. */
const MAX_PROJECTS = 10_000;

const EMPTY = -1;

async function resolveQuery(deps: Deps, actor: Principal, query: MergeRequestQuery): Promise<Omit<MergeRequestFilter, 'projectIds'>> {
  const { authorUsername, reviewerUsername, scope, ...filter } = query;
  if (authorUsername !== undefined) filter.authorId = (await findUserByUsername(deps.db, authorUsername))?.id ?? EMPTY;
  if (reviewerUsername !== undefined) {
    const lower = reviewerUsername.toLowerCase();
    filter.reviewer = lower === 'none' || lower === 'any' ? lower : ((await findUserByUsername(deps.db, reviewerUsername))?.id ?? EMPTY);
  }
  const me = actor.kind === 'user' ? actor.user.id : EMPTY;
  if (scope === 'created_by_me') filter.authorId = me;
  if (scope === 'assigned_to_me') filter.assignee = me;
  if (scope === 'reviews_for_me') filter.reviewer = me;
  return filter;
}

export async function listProjectMergeRequests(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; query: MergeRequestQuery; order: MergeRequestOrder; page: Page },
): Promise<{ mergeRequests: Paged<MergeRequestRow>; view: MergeRequestView }> {
  const { context } = await findMergeRequestProject(deps, actor, input.project);
  const filter = { ...(await resolveQuery(deps, actor, input.query)), projectIds: [context.project.id] };
  const mergeRequests = await listMergeRequests(deps.db, filter, input.order, input.page);
  return { mergeRequests, view: await loadMergeRequestView(deps, context, mergeRequests.items) };
}

/**
 * GET /merge_requests: across every project whose merge requests the caller may read (a project
 * access token's bot: its one project), by default those the caller opened.
 */
export async function listMergeRequestsEverywhere(
  deps: Deps,
  actor: Principal,
  input: { query: MergeRequestQuery; order: MergeRequestOrder; page: Page },
): Promise<{ mergeRequests: Paged<MergeRequestRow>; view: MergeRequestView }> {
  const visible = await listProjects(deps, actor, { orderBy: 'id', sort: 'asc', page: { page: 1, perPage: MAX_PROJECTS } });
  const readable = [];
  for (const project of visible.items) {
    if (canReadMergeRequests((await projectFacts(deps, actor, project)).facts)) readable.push(project);
  }
  const filter = { ...(await resolveQuery(deps, actor, { ...input.query, scope: input.query.scope ?? 'created_by_me' })), projectIds: readable.map((p) => p.project.id) };
  const mergeRequests = await listMergeRequests(deps.db, filter, input.order, input.page);
  const used = new Set(mergeRequests.items.map((mr) => mr.project_id));
  return { mergeRequests, view: await loadMergeRequestView(deps, readable.filter((p) => used.has(p.project.id)), mergeRequests.items) };
}

export async function getProjectMergeRequest(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; iid: number; options: ShowOptions },
): Promise<MergeRequestShown> {
  const found = await findMergeRequestInProject(deps, actor, input.project, input.iid, 'read');
  return loadMergeRequestShown(deps, actor, found, input.options);
}
