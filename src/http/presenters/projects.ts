import type { ProjectWithNamespace } from '../../db/repositories/projects.ts';
import type { Config } from '../../config.ts';

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

export function presentProject(config: Config, { project, namespace }: ProjectWithNamespace, permissions?: { access_level: number | null }) {
  const fullPath = `${namespace.path}/${project.path}`;
  return {
    id: project.id,
    description: project.description,
    name: project.name,
    name_with_namespace: `${namespace.name} / ${project.name}`,
    path: project.path,
    path_with_namespace: fullPath,
    created_at: project.created_at,
    default_branch: project.default_branch,
    tag_list: [],
    topics: [],
    ...projectUrls(config, fullPath),
    readme_url: null,
    avatar_url: null,
    forks_count: 0,
    star_count: 0,
    last_activity_at: project.last_activity_at,
    namespace: {
      id: namespace.id,
      name: namespace.name,
      path: namespace.path,
      kind: namespace.kind,
      full_path: namespace.path,
      parent_id: null,
      avatar_url: null,
      web_url: `${config.externalUrl}/${namespace.path}`,
    },
    visibility: project.visibility,
    archived: false,
    issues_enabled: true,
    creator_id: project.creator_id,
    ...(config.registry.host !== null && { container_registry_image_prefix: containerRegistryImagePrefix(config, fullPath) }),
    open_issues_count: undefined,
    ...(permissions && {
      permissions: {
        project_access: permissions.access_level === null ? null : { access_level: permissions.access_level, notification_level: 3 },
        group_access: null,
      },
    }),
  };
}
