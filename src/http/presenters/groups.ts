import type { NamespaceRow } from '../../db/schema.ts';

/** The last segment of a full path (GitLab's `path`). */
const lastSegment = (fullPath: string) => fullPath.slice(fullPath.lastIndexOf('/') + 1);

/**
 * GitLab's Group entity. Latchkey's groups have no avatars, LDAP, runners, wikis or two-factor
 * policy: those fields read as GitLab shows a new group with its defaults (project and subgroup
 * creation by Maintainers, which Latchkey applies).
 */
export function presentGroup(group: NamespaceRow, baseUrl: string, fullName: string) {
  return {
    id: group.id,
    web_url: `${baseUrl}/groups/${group.path}`,
    name: group.name,
    path: lastSegment(group.path),
    description: group.description ?? '',
    visibility: group.visibility ?? 'private',
    share_with_group_lock: false,
    require_two_factor_authentication: false,
    two_factor_grace_period: 48,
    project_creation_level: 'maintainer',
    auto_devops_enabled: null,
    subgroup_creation_level: 'maintainer',
    emails_disabled: false,
    emails_enabled: true,
    mentions_disabled: null,
    lfs_enabled: true,
    default_branch: null,
    default_branch_protection: 2,
    avatar_url: null,
    request_access_enabled: false,
    full_name: fullName,
    full_path: group.path,
    created_at: group.created_at,
    parent_id: group.parent_id,
    organization_id: 1,
    shared_runners_setting: 'enabled',
    ldap_cn: null,
    ldap_access: null,
    wiki_access_level: 'disabled',
    marked_for_deletion_on: null,
  };
}
