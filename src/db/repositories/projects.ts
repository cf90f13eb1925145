import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db } from '../database.ts';
import { reusableQuery } from '../reusable-query.ts';
import { pageOf, type Page, type Paged } from '../pagination.ts';
import type { NamespaceRow, ProjectRow, ProjectsTable } from '../schema.ts';
import { containsText } from '../text-match.ts';
import { namespacesReachedBy } from './group-members.ts';
import { activeAfter } from './members.ts';

export interface ProjectWithNamespace {
  project: ProjectRow;
  namespace: NamespaceRow;
}

function selectWithNamespace(db: Db) {
  return db
    .selectFrom('projects')
    .innerJoin('namespaces', 'namespaces.id', 'projects.namespace_id')
    .selectAll('projects')
    .select([
      'namespaces.path as ns_path',
      'namespaces.name as ns_name',
      'namespaces.kind as ns_kind',
      'namespaces.owner_id as ns_owner_id',
      'namespaces.created_at as ns_created_at',
      'namespaces.parent_id as ns_parent_id',
      'namespaces.description as ns_description',
      'namespaces.visibility as ns_visibility',
    ]);
}

type JoinedRow = ProjectRow & {
  ns_path: string;
  ns_name: string;
  ns_kind: NamespaceRow['kind'];
  ns_owner_id: number;
  ns_created_at: string;
  ns_parent_id: number | null;
  ns_description: string | null;
  ns_visibility: NamespaceRow['visibility'];
};

function split(row: JoinedRow): ProjectWithNamespace {
  const { ns_path, ns_name, ns_kind, ns_owner_id, ns_created_at, ns_parent_id, ns_description, ns_visibility, ...project } = row;
  return {
    project,
    namespace: {
      id: project.namespace_id,
      path: ns_path,
      name: ns_name,
      kind: ns_kind,
      owner_id: ns_owner_id,
      created_at: ns_created_at,
      parent_id: ns_parent_id,
      description: ns_description,
      visibility: ns_visibility,
    },
  };
}

const projectById = reusableQuery((db: Db, id: number) => selectWithNamespace(db).where('projects.id', '=', id), [-1]);

export async function findProjectById(db: Db, id: number): Promise<ProjectWithNamespace | undefined> {
  const [row] = await projectById(db, id);
  return row && split(row);
}

export async function findProjectByPath(
  db: Db,
  namespacePath: string,
  projectPath: string,
): Promise<ProjectWithNamespace | undefined> {
  const row = await selectWithNamespace(db)
    .where((eb) => eb(eb.fn('lower', ['namespaces.path']), '=', namespacePath.toLowerCase()))
    .where((eb) => eb(eb.fn('lower', ['projects.path']), '=', projectPath.toLowerCase()))
    .executeTakeFirst();
  return row && split(row);
}

export async function projectPathTaken(db: Db, namespaceId: number, path: string, exceptId?: number): Promise<boolean> {
  let query = db
    .selectFrom('projects')
    .select('id')
    .where('namespace_id', '=', namespaceId)
    .where((eb) => eb(eb.fn('lower', ['path']), '=', path.toLowerCase()));
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function listProjectIdsOfNamespace(db: Db, namespaceId: number): Promise<number[]> {
  const rows = await db.selectFrom('projects').select('id').where('namespace_id', '=', namespaceId).orderBy('id').execute();
  return rows.map((row) => row.id);
}

export function insertProject(db: Db, row: Insertable<ProjectsTable>): Promise<ProjectRow> {
  return db.insertInto('projects').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateProjectRow(db: Db, id: number, changes: Updateable<ProjectsTable>): Promise<void> {
  await db.updateTable('projects').set(changes).where('id', '=', id).execute();
}

export async function deleteProjectRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('projects').where('id', '=', id).execute();
}

/** Atomically takes the next issue number of a project. */
export async function takeNextIssueIid(db: Db, projectId: number): Promise<number> {
  const row = await db
    .updateTable('projects')
    .set((eb) => ({ issue_counter: eb('issue_counter', '+', 1) }))
    .where('id', '=', projectId)
    .returning('issue_counter')
    .executeTakeFirstOrThrow();
  return row.issue_counter;
}

export interface ProjectVisibilityFilter {
  /** null: everything (admin). Otherwise the projects the viewer may see. */
  viewer: null | { userId: number | null; seesInternal: boolean };
  membershipOnly?: boolean;
  /** Only projects in these namespaces (a group's projects, with or without its subgroups'). */
  namespaceIds?: readonly number[];
  /** Memberships that ended on or before this date (`lastExpiredDate(now)`) do not count. */
  lastExpired: string;
  ownedBy?: number;
  search?: string;
  visibility?: ProjectRow['visibility'];
}

export async function listProjects(
  db: Db,
  filter: ProjectVisibilityFilter,
  page: Page,
  order: { by: 'id' | 'name' | 'path' | 'created_at' | 'last_activity_at'; direction: 'asc' | 'desc' },
): Promise<Paged<ProjectWithNamespace>> {
  let query = selectWithNamespace(db);
  const { viewer } = filter;
  const userId = viewer?.userId ?? null;
  // A member of the project, or of its group or an ancestor group.
  const memberOf = (uid: number) =>
    sql<boolean>`(${sql.ref('projects.id')} in (${db
      .selectFrom('members')
      .select('members.project_id')
      .where('members.user_id', '=', uid)
      .where(activeAfter(filter.lastExpired))}) or ${sql.ref('projects.namespace_id')} in (${namespacesReachedBy(uid, filter.lastExpired)}))`;
  if (filter.membershipOnly) {
    query = userId === null ? query.where('projects.id', '=', -1) : query.where(memberOf(userId));
  } else if (viewer !== null) {
    query = query.where((eb) => {
      const visible = [eb('projects.visibility', '=', 'public')];
      if (viewer.seesInternal) visible.push(eb('projects.visibility', '=', 'internal'));
      if (userId !== null) visible.push(memberOf(userId) as never);
      return eb.or(visible);
    });
  }
  if (filter.namespaceIds !== undefined) query = query.where('projects.namespace_id', 'in', filter.namespaceIds.length > 0 ? filter.namespaceIds : [-1]);
  if (filter.ownedBy !== undefined) query = query.where('namespaces.owner_id', '=', filter.ownedBy);
  if (filter.visibility !== undefined) query = query.where('projects.visibility', '=', filter.visibility);
  if (filter.search !== undefined) {
    const text = filter.search;
    query = query.where((eb) => eb.or([containsText('projects.name', text), containsText('projects.path', text)]));
  }
  return pageOf(query, page, (q) => q.orderBy(`projects.${order.by}`, order.direction).orderBy('projects.id', order.direction), split);
}
