import { sql, type Insertable } from 'kysely';
import type { Db } from '../database.ts';
import { pageOf, type Page, type Paged } from '../pagination.ts';
import { containsText } from '../text-match.ts';
import type { ProtectedBranchesTable, ProtectedBranchRow, ProtectedTagRow, ProtectedTagsTable } from '../schema.ts';

/** A project's protection rules, branches and tags, as the push decision needs them. */
export interface ProtectionRules {
  branches: { name: string; pushAccessLevel: number; mergeAccessLevel: number; allowForcePush: boolean }[];
  tags: { name: string; createAccessLevel: number }[];
}

/** Every rule of a project in one query (branches and tags side by side). */
export async function findProtectionRules(db: Db, projectId: number): Promise<ProtectionRules> {
  const rows = await db
    .selectFrom('protected_branches')
    .select([sql<string>`'branch'`.as('kind'), 'name', 'push_access_level as level', 'merge_access_level as merge_level', 'allow_force_push'])
    .where('project_id', '=', projectId)
    .unionAll(
      db
        .selectFrom('protected_tags')
        .select([sql<string>`'tag'`.as('kind'), 'name', 'create_access_level as level', sql<number>`0`.as('merge_level'), sql<number>`0`.as('allow_force_push')])
        .where('project_id', '=', projectId),
    )
    .execute();
  const rules: ProtectionRules = { branches: [], tags: [] };
  for (const row of rows) {
    if (row.kind === 'branch') {
      rules.branches.push({
        name: row.name,
        pushAccessLevel: Number(row.level),
        mergeAccessLevel: Number(row.merge_level),
        allowForcePush: Number(row.allow_force_push) === 1,
      });
    } else {
      rules.tags.push({ name: row.name, createAccessLevel: Number(row.level) });
    }
  }
  return rules;
}

export function listProtectedBranchRows(db: Db, projectId: number, page: Page, search?: string): Promise<Paged<ProtectedBranchRow>> {
  let filtered = db.selectFrom('protected_branches').where('project_id', '=', projectId);
  if (search) filtered = filtered.where(containsText('name', search));
  return pageOf(filtered, page, (query) => query.selectAll().orderBy('id'));
}

export function findProtectedBranchRow(db: Db, projectId: number, name: string): Promise<ProtectedBranchRow | undefined> {
  return db.selectFrom('protected_branches').selectAll().where('project_id', '=', projectId).where('name', '=', name).executeTakeFirst();
}

export function insertProtectedBranch(db: Db, row: Insertable<ProtectedBranchesTable>): Promise<ProtectedBranchRow> {
  return db.insertInto('protected_branches').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateProtectedBranchRow(db: Db, id: number, changes: { allow_force_push?: number; code_owner_approval_required?: number; updated_at: string }): Promise<ProtectedBranchRow> {
  return db.updateTable('protected_branches').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteProtectedBranchRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('protected_branches').where('id', '=', id).execute();
}

export function listProtectedTagRows(db: Db, projectId: number, page: Page): Promise<Paged<ProtectedTagRow>> {
  const filtered = db.selectFrom('protected_tags').where('project_id', '=', projectId);
  return pageOf(filtered, page, (query) => query.selectAll().orderBy('id'));
}

export function findProtectedTagRow(db: Db, projectId: number, name: string): Promise<ProtectedTagRow | undefined> {
  return db.selectFrom('protected_tags').selectAll().where('project_id', '=', projectId).where('name', '=', name).executeTakeFirst();
}

export function insertProtectedTag(db: Db, row: Insertable<ProtectedTagsTable>): Promise<ProtectedTagRow> {
  return db.insertInto('protected_tags').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function deleteProtectedTagRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('protected_tags').where('id', '=', id).execute();
}

/** The names and wildcard patterns (`v*`) of a project's protected tags. */
export async function protectedTagNames(db: Db, projectId: number): Promise<string[]> {
  const rows = await db.selectFrom('protected_tags').select('name').where('project_id', '=', projectId).execute();
  return rows.map((row) => row.name);
}
