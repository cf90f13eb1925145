import type { Db } from '../database.ts';

/** The names and wildcard patterns (`release/*`) of a project's protected branches. */
export async function protectedBranchNames(db: Db, projectId: number): Promise<string[]> {
  const rows = await db.selectFrom('protected_branches').select('name').where('project_id', '=', projectId).execute();
  return rows.map((row) => row.name);
}
