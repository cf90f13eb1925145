import { sql, type Updateable } from 'kysely';
import type { Db } from '../database.ts';
import { pageOf, type Page, type Paged } from '../pagination.ts';
import type { NamespaceRow, NamespacesTable } from '../schema.ts';
import { containsText } from '../text-match.ts';
import { namespacesReachedBy } from './group-members.ts';

/** A group is a namespace of kind 'group'; its `path` column holds the full path. */
export function findGroupById(db: Db, id: number): Promise<NamespaceRow | undefined> {
  return db.selectFrom('namespaces').selectAll().where('id', '=', id).where('kind', '=', 'group').executeTakeFirst();
}

export function findGroupByFullPath(db: Db, fullPath: string): Promise<NamespaceRow | undefined> {
  return db
    .selectFrom('namespaces')
    .selectAll()
    .where('kind', '=', 'group')
    .where((eb) => eb(eb.fn('lower', ['path']), '=', fullPath.toLowerCase()))
    .executeTakeFirst();
}

export function insertGroup(
  db: Db,
  row: { path: string; name: string; owner_id: number; parent_id: number | null; description: string | null; visibility: NonNullable<NamespaceRow['visibility']>; created_at: string },
): Promise<NamespaceRow> {
  return db.insertInto('namespaces').values({ ...row, kind: 'group' }).returningAll().executeTakeFirstOrThrow();
}

export async function updateGroupRow(db: Db, id: number, changes: Updateable<NamespacesTable>): Promise<void> {
  await db.updateTable('namespaces').set(changes).where('id', '=', id).execute();
}

/** A group's full path changed from `from` to `to`: every descendant's full path follows. */
export async function movePathsBelow(db: Db, from: string, to: string): Promise<void> {
  const prefix = `${from}/`;
  await db
    .updateTable('namespaces')
    .set({ path: sql<string>`${to} || substr(path, ${from.length + 1})` })
    .where('kind', '=', 'group')
    .where(sql<boolean>`lower(substr(path, 1, ${prefix.length})) = ${prefix.toLowerCase()}`)
    .execute();
}

/** The group and every group below it, parents before children. */
export async function groupAndDescendants(db: Db, groupId: number): Promise<NamespaceRow[]> {
  const { rows } = await sql<NamespaceRow & { depth: number }>`with recursive tree(id, depth) as (
      select cast(${groupId} as integer), 0
      union all
      select n.id, t.depth + 1 from namespaces n join tree t on n.parent_id = t.id
    ) select n.*, t.depth from namespaces n join tree t on t.id = n.id order by t.depth, n.id`.execute(db);
  return rows.map(({ depth: _depth, ...row }) => row);
}

/**
 * GitLab's full name of each namespace: its name, or for a subgroup the names of the chain from the
 * top-level group down joined by ' / '. A top-level namespace costs no read.
 */
export async function namespaceFullNames(db: Db, namespaces: readonly NamespaceRow[]): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  for (const namespace of namespaces) {
    if (names.has(namespace.id)) continue;
    const chain = namespace.parent_id === null ? [namespace] : await groupAndAncestors(db, namespace.id);
    names.set(namespace.id, [...chain].reverse().map((row) => row.name).join(' / '));
  }
  return names;
}

/** The group and its ancestors, the group first. */
export async function groupAndAncestors(db: Db, groupId: number): Promise<NamespaceRow[]> {
  const { rows } = await sql<NamespaceRow & { depth: number }>`with recursive chain(id, parent_id, depth) as (
      select id, parent_id, 0 from namespaces where id = cast(${groupId} as integer)
      union all
      select n.id, n.parent_id, c.depth + 1 from namespaces n join chain c on n.id = c.parent_id
    ) select n.*, c.depth from namespaces n join chain c on c.id = n.id order by c.depth`.execute(db);
  return rows.map(({ depth: _depth, ...row }) => row);
}

export async function deleteGroupRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('namespaces').where('id', '=', id).execute();
}

/** Who lists groups: null for an admin (everything), else the viewer's reach. */
export interface GroupViewer {
  userId: number | null;
  seesInternal: boolean;
  lastExpired: string;
}

export interface GroupListFilter {
  viewer: GroupViewer | null;
  /** Only those the viewer reaches through a membership (GET /groups without all_available). */
  membershipOnly?: boolean;
  /** With `membershipOnly`: only memberships at this level or above count (inherited by subgroups). */
  minAccessLevel?: number;
  /** Direct children of this group; `topLevelOnly` for groups without a parent. */
  parentId?: number;
  /** Strictly below this group, at any depth. */
  descendantsOf?: number;
  topLevelOnly?: boolean;
  search?: string;
  /** Only groups with a direct Owner membership of this user. */
  ownedBy?: number;
}

export function listGroups(
  db: Db,
  filter: GroupListFilter,
  page: Page,
  order: { by: 'name' | 'path' | 'id'; direction: 'asc' | 'desc' },
): Promise<Paged<NamespaceRow>> {
  let query = db.selectFrom('namespaces').where('kind', '=', 'group');
  const { viewer } = filter;
  if (viewer !== null) {
    const reached = viewer.userId === null ? null : namespacesReachedBy(viewer.userId, viewer.lastExpired, filter.minAccessLevel);
    if (filter.membershipOnly) {
      query = reached === null ? query.where('id', '=', -1) : query.where(sql<boolean>`id in (${reached})`);
    } else {
      query = query.where((eb) => {
        const visible = [eb('visibility', '=', 'public')];
        if (viewer.seesInternal) visible.push(eb('visibility', '=', 'internal'));
        if (reached !== null) visible.push(sql<boolean>`id in (${reached})` as never);
        return eb.or(visible);
      });
    }
  }
  if (filter.parentId !== undefined) query = query.where('parent_id', '=', filter.parentId);
  if (filter.topLevelOnly) query = query.where('parent_id', 'is', null);
  if (filter.descendantsOf !== undefined) {
    const below = sql<number>`with recursive tree(id) as (
        select id from namespaces where parent_id = ${filter.descendantsOf}
        union all
        select n.id from namespaces n join tree t on n.parent_id = t.id
      ) select id from tree`;
    query = query.where(sql<boolean>`id in (${below})`);
  }
  if (filter.ownedBy !== undefined) {
    const owner = filter.ownedBy;
    query = query.where('id', 'in', (eb) =>
      eb.selectFrom('group_members').select('group_id').where('user_id', '=', owner).where('access_level', '=', 50),
    );
  }
  if (filter.search !== undefined) {
    const text = filter.search;
    query = query.where((eb) => eb.or([containsText('name', text), containsText('path', text)]));
  }
  return pageOf(query, page, (q) => q.selectAll().orderBy(order.by, order.direction).orderBy('id', order.direction));
}

/** Whether a group has subgroups or projects more visible than `visibility` allows (GitLab refuses to narrow it). */
export async function childVisibilities(db: Db, groupId: number): Promise<{ subgroups: string[]; projects: string[] }> {
  const subgroups = await db.selectFrom('namespaces').select('visibility').distinct().where('parent_id', '=', groupId).execute();
  const projects = await db.selectFrom('projects').select('visibility').distinct().where('namespace_id', '=', groupId).execute();
  return { subgroups: subgroups.map((r) => r.visibility ?? 'private'), projects: projects.map((r) => r.visibility) };
}
