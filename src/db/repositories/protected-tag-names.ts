import type { Db } from '../database.ts';

/** The names and wildcard patterns (`v*`) of a project's protected tags. */
export async function protectedTagNames(db: Db, projectId: number): Promise<string[]> {
  const rows = await db.selectFrom('protected_tags').select('name').where('project_id', '=', projectId).execute();
  return rows.map((row) => row.name);
}
