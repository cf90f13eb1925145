import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../database.ts';
import { offsetOf, paged, type Page, type Paged } from '../pagination.ts';
import type { IssueRow, IssuesTable } from '../schema.ts';
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
  if (filter.search !== undefined) {
    const text = filter.search;
    query = query.where((eb) => eb.or([containsText('title', text), containsText('description', text)]));
  }
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const items = await query
    .selectAll()
    .orderBy(order.by, order.direction)
    .orderBy('id', order.direction)
    .limit(page.perPage)
    .offset(offsetOf(page))
    .execute();
  return paged(items, total, page);
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
