import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../database.ts';
import { pageOf, type Page, type Paged } from '../pagination.ts';
import type { Database, MergeRequestRow, MergeRequestState } from '../schema.ts';
import { containsText } from '../text-match.ts';

/** A person filter: one user, nobody, or anybody (GitLab's `None` / `Any`). */
export type PersonFilter = number | 'none' | 'any';

export interface MergeRequestFilter {
  /** The projects to look in (one project, or every project the caller may read). */
  projectIds: number[];
  state?: MergeRequestState;
  sourceBranch?: string;
  targetBranch?: string;
  authorId?: number;
  assignee?: PersonFilter;
  reviewer?: PersonFilter;
  iids?: number[];
  /** Merge requests that carry every one of these labels. */
  labels?: string[];
  labelled?: 'none' | 'any';
  notLabels?: string[];
  search?: string;
  /** Where `search` looks. */
  searchIn?: ('title' | 'description')[];
  createdAfter?: string;
  createdBefore?: string;
  updatedAfter?: string;
  updatedBefore?: string;
}

export interface MergeRequestOrder {
  by: 'created_at' | 'updated_at' | 'title' | 'merged_at';
  direction: 'asc' | 'desc';
}

function labelLinks(eb: ExpressionBuilder<Database, 'merge_requests'>, names?: string[]) {
  let links = eb
    .selectFrom('merge_request_labels')
    .select('merge_request_labels.label_id')
    .whereRef('merge_request_labels.merge_request_id', '=', 'merge_requests.id');
  if (names) links = links.innerJoin('labels', 'labels.id', 'merge_request_labels.label_id').where('labels.name', 'in', names);
  return links;
}

function personLinks(eb: ExpressionBuilder<Database, 'merge_requests'>, table: 'merge_request_assignees' | 'merge_request_reviewers', userId?: number) {
  let links = eb.selectFrom(table).select(`${table}.user_id`).whereRef(`${table}.merge_request_id`, '=', 'merge_requests.id');
  if (userId !== undefined) links = links.where(`${table}.user_id`, '=', userId);
  return links;
}

export async function listMergeRequests(db: Db, filter: MergeRequestFilter, order: MergeRequestOrder, page: Page): Promise<Paged<MergeRequestRow>> {
  if (filter.projectIds.length === 0) return { items: [], total: 0, page: page.page, perPage: page.perPage };
  let query = db.selectFrom('merge_requests').where('project_id', 'in', filter.projectIds);
  if (filter.state) query = query.where('state', '=', filter.state);
  if (filter.sourceBranch !== undefined) query = query.where('source_branch', '=', filter.sourceBranch);
  if (filter.targetBranch !== undefined) query = query.where('target_branch', '=', filter.targetBranch);
  if (filter.authorId !== undefined) query = query.where('author_id', '=', filter.authorId);
  if (filter.iids && filter.iids.length > 0) query = query.where('iid', 'in', filter.iids);
  for (const [table, person] of [
    ['merge_request_assignees', filter.assignee],
    ['merge_request_reviewers', filter.reviewer],
  ] as const) {
    if (person === undefined) continue;
    if (person === 'none') query = query.where((eb) => eb.not(eb.exists(personLinks(eb, table))));
    else if (person === 'any') query = query.where((eb) => eb.exists(personLinks(eb, table)));
    else query = query.where((eb) => eb.exists(personLinks(eb, table, person)));
  }
  for (const name of filter.labels ?? []) query = query.where((eb) => eb.exists(labelLinks(eb, [name])));
  if (filter.notLabels && filter.notLabels.length > 0) {
    const names = filter.notLabels;
    query = query.where((eb) => eb.not(eb.exists(labelLinks(eb, names))));
  }
  if (filter.labelled === 'none') query = query.where((eb) => eb.not(eb.exists(labelLinks(eb))));
  if (filter.labelled === 'any') query = query.where((eb) => eb.exists(labelLinks(eb)));
  if (filter.search !== undefined) {
    const text = filter.search;
    const fields = filter.searchIn ?? ['title', 'description'];
    query = query.where((eb) => eb.or(fields.map((field) => containsText(field, text))));
  }
  if (filter.createdAfter !== undefined) query = query.where('created_at', '>=', filter.createdAfter);
  if (filter.createdBefore !== undefined) query = query.where('created_at', '<=', filter.createdBefore);
  if (filter.updatedAfter !== undefined) query = query.where('updated_at', '>=', filter.updatedAfter);
  if (filter.updatedBefore !== undefined) query = query.where('updated_at', '<=', filter.updatedBefore);
  return pageOf(query, page, (q) => q.selectAll().orderBy(order.by, order.direction).orderBy('id', order.direction));
}

/** The open merge request of a project from one source branch into one target branch, if any (GitLab allows one). */
export function findOpenMergeRequestFor(db: Db, projectId: number, sourceBranch: string, targetBranch: string): Promise<MergeRequestRow | undefined> {
  return db
    .selectFrom('merge_requests')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('source_branch', '=', sourceBranch)
    .where('target_branch', '=', targetBranch)
    .where('state', 'in', ['opened', 'locked'])
    .orderBy('id')
    .executeTakeFirst();
}

/** The merge requests of a project whose source head, merge commit or squash commit is one of these commits. */
export function mergeRequestsWithCommits(db: Db, projectId: number, shas: string[]): Promise<MergeRequestRow[]> {
  if (shas.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('merge_requests')
    .selectAll()
    .where('project_id', '=', projectId)
    .where((eb) => eb.or([eb('head_sha', 'in', shas), eb('merge_commit_sha', 'in', shas), eb('squash_commit_sha', 'in', shas)]))
    .orderBy('id', 'desc')
    .execute();
}
