import type { ExpressionBuilder, Insertable, Updateable } from 'kysely';
import type { Db } from '../database.ts';
import { pageOf, type Page, type Paged } from '../pagination.ts';
import type { Database, IssueRow, IssuesTable } from '../schema.ts';
import { containsText } from '../text-match.ts';

export function findIssue(db: Db, projectId: number, iid: number): Promise<IssueRow | undefined> {
  return db.selectFrom('issues').selectAll().where('project_id', '=', projectId).where('iid', '=', iid).executeTakeFirst();
}

export function insertIssue(db: Db, row: Insertable<IssuesTable>): Promise<IssueRow> {
  return db.insertInto('issues').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateIssueRow(db: Db, id: number, changes: Updateable<IssuesTable>): Promise<IssueRow> {
  return db.updateTable('issues').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export interface IssueFilter {
  state?: 'opened' | 'closed';
  search?: string;
  authorId?: number;
  iids?: number[];
  /** Issues that carry every one of these labels. */
  labels?: string[];
  /** Issues with no label at all, or with at least one. */
  labelled?: 'none' | 'any';
  /** Issues that carry none of these labels. */
  notLabels?: string[];
}

/** The issue's links to labels, optionally only to those named. */
function labelLinks(eb: ExpressionBuilder<Database, 'issues'>, names?: string[]) {
  let links = eb.selectFrom('issue_labels').select('issue_labels.label_id').whereRef('issue_labels.issue_id', '=', 'issues.id');
  if (names) links = links.innerJoin('labels', 'labels.id', 'issue_labels.label_id').where('labels.name', 'in', names);
  return links;
}

export async function listIssues(
  db: Db,
  projectId: number,
  filter: IssueFilter,
  order: { by: 'created_at' | 'updated_at' | 'title'; direction: 'asc' | 'desc' },
  page: Page,
): Promise<Paged<IssueRow>> {
  let query = db.selectFrom('issues').where('project_id', '=', projectId);
  if (filter.state) query = query.where('state', '=', filter.state);
  if (filter.authorId !== undefined) query = query.where('author_id', '=', filter.authorId);
  if (filter.iids && filter.iids.length > 0) query = query.where('iid', 'in', filter.iids);
  for (const name of filter.labels ?? []) query = query.where((eb) => eb.exists(labelLinks(eb, [name])));
  if (filter.notLabels && filter.notLabels.length > 0) {
    const names = filter.notLabels;
    query = query.where((eb) => eb.not(eb.exists(labelLinks(eb, names))));
  }
  if (filter.labelled === 'none') query = query.where((eb) => eb.not(eb.exists(labelLinks(eb))));
  if (filter.labelled === 'any') query = query.where((eb) => eb.exists(labelLinks(eb)));
  if (filter.search !== undefined) {
    const text = filter.search;
    query = query.where((eb) => eb.or([containsText('title', text), containsText('description', text)]));
  }
  return pageOf(query, page, (q) => q.selectAll().orderBy(order.by, order.direction).orderBy('id', order.direction));
}

export async function countNotesByIssue(db: Db, issueIds: number[]): Promise<Map<number, number>> {
  if (issueIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('notes')
    .select(['issue_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('issue_id', 'in', issueIds)
    .groupBy('issue_id')
    .execute();
  return new Map(rows.map((r) => [r.issue_id, Number(r.n)]));
}

/** Of these issues, the ones `userId` wrote or commented on. */
export async function issuesJoinedBy(db: Db, issueIds: number[], userId: number): Promise<Set<number>> {
  if (issueIds.length === 0) return new Set();
  const [authored, commented] = await Promise.all([
    db.selectFrom('issues').select('id').where('id', 'in', issueIds).where('author_id', '=', userId).execute(),
    db.selectFrom('notes').select('issue_id').distinct().where('issue_id', 'in', issueIds).where('author_id', '=', userId).execute(),
  ]);
  return new Set([...authored.map((row) => row.id), ...commented.map((row) => row.issue_id)]);
}
