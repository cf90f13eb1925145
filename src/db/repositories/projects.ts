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

/**
 * Of several full paths (`namespace/project`, case-insensitively), the existing project with the
 * longest one, in one query: a registry repository name's project (GitLab's ContainerRegistry::Path).
 */
export async function findProjectByLongestPath(
  db: Db,
  paths: readonly { namespace: string; project: string }[],
): Promise<ProjectWithNamespace | undefined> {
  if (paths.length === 0) return undefined;
  const rows = await selectWithNamespace(db)
    .where((eb) =>
      eb.or(
        paths.map((path) =>
          eb.and([
            eb(eb.fn('lower', ['namespaces.path']), '=', path.namespace.toLowerCase()),
            eb(eb.fn('lower', ['projects.path']), '=', path.project.toLowerCase()),
          ]),
        ),
      ),
    )
    .execute();
  const fullLength = (row: JoinedRow) => row.ns_path.length + row.path.length;
  const longest = rows.reduce<JoinedRow | undefined>((best, row) => (best === undefined || fullLength(row) > fullLength(best) ? row : best), undefined);
  return longest && split(longest);
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

export function listProjectPathsOfNamespace(db: Db, namespaceId: number): Promise<{ id: number; path: string }[]> {
  return db.selectFrom('projects').select(['id', 'path']).where('namespace_id', '=', namespaceId).orderBy('id').execute();
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
  /** With `membershipOnly`: only memberships (direct or inherited) at this level or above count. */
  minAccessLevel?: number;
  /** GitLab's `archived=true`: Latchkey archives no project, so it lists none. */
  archivedOnly?: boolean;
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
  const minLevel = filter.minAccessLevel ?? 0;
  // A member of the project, or of its group or an ancestor group (at `minLevel` or above).
  const memberOf = (uid: number) =>
    sql<boolean>`(${sql.ref('projects.id')} in (${db
      .selectFrom('members')
      .select('members.project_id')
      .where('members.user_id', '=', uid)
      .where('members.access_level', '>=', minLevel)
      .where(activeAfter(filter.lastExpired))}) or ${sql.ref('projects.namespace_id')} in (${namespacesReachedBy(uid, filter.lastExpired, minLevel)}))`;
  if (filter.archivedOnly) query = query.where('projects.id', '=', -1);
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
