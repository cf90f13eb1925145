import type { Db } from '../database.ts';

/** Open issues per project, for the projects' API entities (a project with none is absent). */
export async function countOpenIssues(db: Db, projectIds: number[]): Promise<Map<number, number>> {
  if (projectIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('issues')
    .select((eb) => ['project_id', eb.fn.countAll<number>().as('open')])
    .where('project_id', 'in', projectIds)
    .where('state', '=', 'opened')
    .groupBy('project_id')
    .execute();
  return new Map(rows.map((row) => [row.project_id, Number(row.open)]));
}
