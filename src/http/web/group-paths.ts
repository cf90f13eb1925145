import type { NamespaceRow } from '../../db/schema.ts';
import { encodedFullPath as encodedPath } from './paths.ts';

/**
 * A group's web paths, GitLab's shapes: the overview at `/<full path>` (one or two segments reach
 * it there; deeper groups and every group also at `/groups/<full path>`), its Members at
 * `/groups/<full path>/-/group_members`, its Access Tokens at `/groups/<full path>/-/settings/access_tokens`.
 */

export function groupPath(group: NamespaceRow | string): string {
  const fullPath = typeof group === 'string' ? group : group.path;
  return fullPath.split('/').length <= 2 ? `/${encodedPath(fullPath)}` : `/groups/${encodedPath(fullPath)}`;
}

const groupBase = (group: NamespaceRow): string => `/groups/${encodedPath(group.path)}`;
export const groupMembersPath = (group: NamespaceRow): string => `${groupBase(group)}/-/group_members`;
export const groupAccessTokensPath = (group: NamespaceRow): string => `${groupBase(group)}/-/settings/access_tokens`;
export const NEW_GROUP_PATH = '/groups/new';
export const DASHBOARD_GROUPS_PATH = '/dashboard/groups';
export const newSubgroupPath = (group: NamespaceRow): string => `${NEW_GROUP_PATH}?parent_id=${group.id}`;
export const newProjectInGroupPath = (group: NamespaceRow): string => `/projects/new?namespace_id=${group.id}`;

/** `/groups/<full path>[/-/<page>]` split into the group's full path and the page after `/-/` ('' for the overview). */
export function groupRouteOf(wildcard: string): { fullPath: string; page: string } {
  const at = wildcard.indexOf('/-/');
  const fullPath = (at === -1 ? wildcard : wildcard.slice(0, at)).replace(/\/+$/, '');
  return { fullPath, page: at === -1 ? '' : wildcard.slice(at + 3).replace(/\/+$/, '') };
}
