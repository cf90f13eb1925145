import { fullPathOf } from '../../domain/project-ref.ts';
import type { ProjectWithNamespace } from '../../db/repositories/projects.ts';
import type { Config } from '../../config.ts';
import type { ProjectDetails } from '../../services/projects/describe-projects.ts';
import { presentUserBasic } from './users.ts';

export function projectUrls(config: Config, fullPath: string) {
  const web = `${config.externalUrl}/${fullPath}`;
  const sshHost = config.externalHost;
  return {
    web_url: web,
    http_url_to_repo: `${web}.git`,
    ssh_url_to_repo:
      config.sshPort === 22 ? `git@${sshHost}:${fullPath}.git` : `ssh://git@${sshHost}:${config.sshPort}/${fullPath}.git`,
  };
}

/** Where the project's images live in the registry, when Latchkey fronts one. */
export function containerRegistryImagePrefix(config: Config, fullPath: string): string | null {
  return config.registry.host === null ? null : `${config.registry.host}/${fullPath.toLowerCase()}`;
}

const enabled = (on: boolean) => (on ? 'enabled' : 'disabled');

/**
 * GitLab's Project entity (ProjectWithAccess when `permissions` is given: GET /projects/:id).
 * Latchkey has issues, a repository, members, events, labels and, when configured, a container
 * registry; every other feature reads as GitLab shows a disabled one, and the settings of those
 * features (merge requests, CI) carry GitLab's defaults for a new project.
 */
export function presentProject(
  config: Config,
  { project, namespace }: ProjectWithNamespace,
  details: ProjectDetails,
  permissions?: { access_level: number | null },
) {
  const fullPath = fullPathOf({ project, namespace });
  const api = `${config.externalUrl}/api/v4/projects/${project.id}`;
  const registry = config.registry.host !== null;
  return {
    id: project.id,
    description: project.description,
    name: project.name,
    name_with_namespace: `${details.namespaceFullName} / ${project.name}`,
    path: project.path,
    path_with_namespace: fullPath,
    created_at: project.created_at,
    default_branch: project.default_branch,
    tag_list: [],
    topics: [],
    ...projectUrls(config, fullPath),
    readme_url: null,
    forks_count: 0,
    avatar_url: null,
    star_count: 0,
    last_activity_at: project.last_activity_at,
    namespace: {
      id: namespace.id,
      name: namespace.name,
      path: namespace.path.slice(namespace.path.lastIndexOf('/') + 1),
      kind: namespace.kind,
      full_path: namespace.path,
      parent_id: namespace.parent_id,
      avatar_url: null,
      web_url: `${config.externalUrl}/${namespace.kind === 'group' ? 'groups/' : ''}${namespace.path}`,
    },
    ...(registry && { container_registry_image_prefix: containerRegistryImagePrefix(config, fullPath) }),
    _links: {
      self: api,
      issues: `${api}/issues`,
      repo_branches: `${api}/repository/branches`,
      labels: `${api}/labels`,
      events: `${api}/events`,
      members: `${api}/members`,
      cluster_agents: `${api}/cluster_agents`,
    },
    packages_enabled: false,
    empty_repo: details.emptyRepo,
    archived: false,
    visibility: project.visibility,
    // GitLab shows no owner for a project in a group.
    ...(namespace.kind === 'user' && { owner: details.owner ? presentUserBasic(details.owner, config.externalUrl) : null }),
    resolve_outdated_diff_discussions: false,
    repository_object_format: 'sha1',
    issues_enabled: true,
    merge_requests_enabled: true,
    wiki_enabled: false,
    jobs_enabled: false,
    snippets_enabled: false,
    container_registry_enabled: registry,
    service_desk_enabled: false,
    can_create_merge_request_in: false,
    issues_access_level: 'enabled',
    repository_access_level: 'enabled',
    merge_requests_access_level: 'enabled',
    forking_access_level: 'disabled',
    wiki_access_level: 'disabled',
    builds_access_level: 'disabled',
    snippets_access_level: 'disabled',
    pages_access_level: 'disabled',
    analytics_access_level: 'disabled',
    container_registry_access_level: enabled(registry),
    security_and_compliance_access_level: 'disabled',
    releases_access_level: 'disabled',
    environments_access_level: 'disabled',
    feature_flags_access_level: 'disabled',
    infrastructure_access_level: 'disabled',
    monitor_access_level: 'disabled',
    model_experiments_access_level: 'disabled',
    model_registry_access_level: 'disabled',
    // Latchkey sends no email.
    emails_disabled: true,
    emails_enabled: false,
    shared_runners_enabled: false,
    lfs_enabled: false,
    creator_id: project.creator_id,
    import_status: 'none',
    open_issues_count: details.openIssuesCount,
    // Every write to a project's row moves its last activity.
    updated_at: project.last_activity_at,
    public_jobs: true,
    shared_with_groups: [],
    only_allow_merge_if_pipeline_succeeds: false,
    allow_merge_on_skipped_pipeline: false,
    request_access_enabled: false,
    only_allow_merge_if_all_discussions_are_resolved: false,
    remove_source_branch_after_merge: true,
    printing_merge_request_link_enabled: false,
    merge_method: project.merge_method,
    squash_option: project.squash_option,
    enforce_auth_checks_on_uploads: true,
    suggestion_commit_message: null,
    merge_commit_template: null,
    squash_commit_template: null,
    issue_branch_template: null,
    warn_about_potentially_unwanted_characters: true,
    autoclose_referenced_issues: false,
    ...(permissions && {
      permissions: {
        project_access: permissions.access_level === null ? null : { access_level: permissions.access_level, notification_level: 3 },
        group_access: null,
      },
    }),
  };
}
