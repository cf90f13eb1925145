import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../database.ts';
import { pageOf, type Page, type Paged } from '../pagination.ts';
import type { LabelRow, LabelsTable } from '../schema.ts';
import { containsText } from '../text-match.ts';

export function findLabelById(db: Db, projectId: number, id: number): Promise<LabelRow | undefined> {
  return db.selectFrom('labels').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
}

export function findLabelByName(db: Db, projectId: number, name: string): Promise<LabelRow | undefined> {
  return db.selectFrom('labels').selectAll().where('project_id', '=', projectId).where('name', '=', name).executeTakeFirst();
}

export function findLabelsByNames(db: Db, projectId: number, names: string[]): Promise<LabelRow[]> {
  if (names.length === 0) return Promise.resolve([]);
  return db.selectFrom('labels').selectAll().where('project_id', '=', projectId).where('name', 'in', names).execute();
}

export function insertLabel(db: Db, row: Insertable<LabelsTable>): Promise<LabelRow> {
  return db.insertInto('labels').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Inserts the labels that do not exist yet; one created a moment earlier by another request is kept. */
export async function insertMissingLabels(db: Db, rows: Insertable<LabelsTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('labels')
    .values(rows)
    .onConflict((oc) => oc.columns(['project_id', 'name']).doNothing())
    .execute();
}

export function updateLabelRow(db: Db, id: number, changes: Updateable<LabelsTable>): Promise<LabelRow> {
  return db.updateTable('labels').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteLabelRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('labels').where('id', '=', id).execute();
}

/** A project's labels by name, optionally those whose name or description contains `search`. */
export async function listLabels(db: Db, projectId: number, search: string | undefined, page: Page): Promise<Paged<LabelRow>> {
  let query = db.selectFrom('labels').where('project_id', '=', projectId);
  if (search !== undefined) query = query.where((eb) => eb.or([containsText('name', search), containsText('description', search)]));
  return pageOf(query, page, (q) => q.selectAll().orderBy('name', 'asc'));
}

export interface LabelIssueCounts {
  opened: number;
  closed: number;
}

/** How many open and closed issues carry each label. */
export async function countIssuesByLabel(db: Db, labelIds: number[]): Promise<Map<number, LabelIssueCounts>> {
  const counts = new Map<number, LabelIssueCounts>(labelIds.map((id) => [id, { opened: 0, closed: 0 }]));
  if (labelIds.length === 0) return counts;
  const rows = await db
    .selectFrom('issue_labels')
    .innerJoin('issues', 'issues.id', 'issue_labels.issue_id')
    .select(['issue_labels.label_id', 'issues.state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('issue_labels.label_id', 'in', labelIds)
    .groupBy(['issue_labels.label_id', 'issues.state'])
    .execute();
  for (const row of rows) counts.get(row.label_id)![row.state] = Number(row.n);
  return counts;
}

/** The labels of each issue, by name. */
export async function labelsOfIssues(db: Db, issueIds: number[]): Promise<Map<number, LabelRow[]>> {
  const byIssue = new Map<number, LabelRow[]>(issueIds.map((id) => [id, []]));
  if (issueIds.length === 0) return byIssue;
  const rows = await db
    .selectFrom('issue_labels')
    .innerJoin('labels', 'labels.id', 'issue_labels.label_id')
    .selectAll('labels')
    .select('issue_labels.issue_id')
    .where('issue_labels.issue_id', 'in', issueIds)
    .orderBy('labels.name', 'asc')
    .execute();
  for (const { issue_id, ...label } of rows) byIssue.get(issue_id)!.push(label);
  return byIssue;
}

/** Makes `labelIds` exactly the labels of the issue. */
export async function replaceIssueLabels(db: Db, issueId: number, labelIds: number[]): Promise<void> {
  let removal = db.deleteFrom('issue_labels').where('issue_id', '=', issueId);
  if (labelIds.length > 0) removal = removal.where('label_id', 'not in', labelIds);
  await removal.execute();
  if (labelIds.length === 0) return;
  await db
    .insertInto('issue_labels')
    .values(labelIds.map((label_id) => ({ issue_id: issueId, label_id })))
    .onConflict((oc) => oc.columns(['issue_id', 'label_id']).doNothing())
    .execute();
}
